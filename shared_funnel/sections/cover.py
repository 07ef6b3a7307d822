"""1. Cover: period, filters, data as of, and the data-quality counts."""

from __future__ import annotations

import pandas as pd

from shared_funnel.sections.base import (
    Col,
    Pack,
    esc,
    finding,
    heading,
    month_label,
    show,
    subtitle,
)

SECTION = "cover"


def cover(pack: Pack) -> None:
    p = pack.params
    compare = "prior month" if p.comparison == "prior_period" else "same month last year"
    show('<div class="sf-pack"><h1>Sales &amp; marketing meeting pack: '
         f"{esc(month_label(p.period))}</h1>"
         '<p class="sf-muted">One set of numbers, one definition each (glossary at the end).'
         "</p></div>")
    heading(1, "Cover")
    facts = pd.DataFrame([
        ("Period", month_label(p.period)),
        ("Compared with", f"{month_label(p.comparison_period)} ({compare})"),
        ("Segment", p.segment), ("Region", p.region), ("Attribution model", p.model),
        ("Data as of", f"{p.as_of} UTC"), ("Money in", pack.currency),
    ], columns=["item", "value"])
    show(pack.table(SECTION, facts, [Col("item", " ", text=True), Col("value", " ", text=True)]))
    total = pack.reference("rpt_data_quality", source_table="all").iloc[0]
    finding(f"Data quality: {pack.num(SECTION, total, 'rejected_rows')} raw rows rejected, "
            f"{pack.num(SECTION, total, 'superseded_rows')} superseded by newer versions, "
            f"{pack.num(SECTION, total, 'flagged_rows')} kept but flagged as suspicious "
            f"(whole warehouse, as of {esc(p.as_of[:10])}).")
    detail = pack.reference("rpt_data_quality", is_detail=True)
    if len(detail):
        show(subtitle("Rows rejected (counted nowhere) or flagged (kept), by table and rule")
             + pack.table(SECTION, detail, [
                 Col("source_table", "Table", text=True), Col("rule", "Rule", text=True),
                 Col("rejected_rows"), Col("flagged_rows")], "source_table_rule"))
