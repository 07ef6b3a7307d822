"""Appendix A. Data quality: every raw row rejected (counted nowhere) or flagged (kept),
by table and rule (rpt_data_quality). The summary keeps one line of the totals."""

from __future__ import annotations

from shared_funnel.sections.base import Col, Pack, block, esc, finding, heading, subtitle
from shared_funnel.sections.formatting import as_of_label

SECTION = "data_quality"


def data_quality(pack: Pack) -> None:
    p = pack.params
    heading(pack, "data_quality")
    total = pack.reference("rpt_data_quality", source_table="all").iloc[0]
    finding(f"{pack.num(SECTION, total, 'rejected_rows')} raw rows rejected, "
            f"{pack.num(SECTION, total, 'superseded_rows')} superseded by newer versions, "
            f"{pack.num(SECTION, total, 'flagged_rows')} kept but flagged as suspicious "
            f"(whole warehouse, as of {esc(as_of_label(p.as_of))}).")
    detail = pack.reference("rpt_data_quality", is_detail=True)
    if len(detail):
        block(subtitle("Rows rejected or flagged, by table and rule"),
              pack.table(SECTION, detail, [
                  Col("source_table", "Table", text=True, labels="table"),
                  Col("rule", "Rule", text=True, labels="rule"),
                  Col("rejected_rows"), Col("flagged_rows")], "source_table_rule"))
