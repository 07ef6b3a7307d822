"""3. Funnel: stage volumes and conversion, by channel and by segment."""

from __future__ import annotations

import pandas as pd

from shared_funnel import charts
from shared_funnel.sections.base import (
    Col,
    Pack,
    chart,
    esc,
    finding,
    fmt,
    heading,
    month_label,
    show,
    subtitle,
)
from shared_funnel.sections.formatting import as_of_label

SECTION = "funnel"


def funnel(pack: Pack) -> None:
    p = pack.params
    heading(pack, "funnel")
    stages = pack.rows("rpt_funnel_stages", order="stage_order")
    stages = stages.assign(stage=[pack.label(m) for m in stages["stage_metric"]])
    pack.record(SECTION, stages, [Col("volume", metric_from="stage_metric")])
    summary = pack.rows("rpt_funnel_summary", order="period")
    if len(summary):
        s = summary.iloc[0]
        finding(f"{pack.num(SECTION, s, 'mqls')} MQLs in {esc(month_label(p.period))}; "
                f"{pack.num(SECTION, s, 'mqls_with_sql')} of them have reached SQL so far, "
                f"{pack.num(SECTION, s, 'mql_to_sql_rate', n='mqls', small='is_small_sample')}"
                f" (to date, as of {esc(as_of_label(p.as_of))}).")
    chart(charts.stage_funnel(stages, f"Funnel volumes in {month_label(p.period)}"))
    channels = pack.rows("rpt_funnel_by_channel")
    if len(channels):
        best = channels[channels["is_best_converter"]]
        title = "MQLs by channel"
        if len(best):
            b = best.iloc[0]
            title = (f"MQLs by channel; {pack.category('channel', b['channel'])} converts best "
                     f"to SQL to date "
                     f"({fmt(b['mql_to_sql_rate'], 'ratio')})")
        chart(charts.labelled_bars(
            pack.labelled(channels, "channel", "channel"),
            "channel_label", "mqls", title, pack.label("mqls"), ",.0f", pack.palette("channel")))
        show(subtitle("By channel") + pack.table(SECTION, channels, [
            Col("channel", "Channel", text=True, labels="channel"), Col("leads_created"),
            Col("mqls"), Col("sqls"),
            Col("mqls_with_sql"),
            Col("mql_to_sql_rate", n="mqls", small="is_small_sample")], "channel"))
    segments = pack.rows("rpt_funnel_by_segment", segment_rows=True)
    if len(segments):
        show(subtitle("By segment") + pack.table(SECTION, segments, [
            Col("segment", "Segment", text=True, labels="segment"), Col("leads_created"),
            Col("mqls"), Col("sqls"),
            Col("opportunities_created"), Col("won_deals"), Col("closed_deals"),
            Col("win_rate", n="closed_deals", small="is_small_sample")]))
    cohort_curves(pack)


def cohort_curves(pack: Pack) -> None:
    """Of each month's MQLs, the share at SQL, opportunity and won N days after MQL."""
    p = pack.params
    curves = pack.rows("rpt_mql_cohort_curves", order="mql_month, days_after_mql")
    if not len(curves):
        return
    curves = curves.assign(cohort=[f"{month_label(m)} @ {d} d" for m, d in
                                   zip(curves["mql_month"], curves["days_after_mql"],
                                       strict=True)])
    pack.record(SECTION, curves, [
        Col("cohort_sql_share", n="cohort_mqls", small="is_small_sample"),
        Col("cohort_opportunity_share", n="cohort_mqls", small="is_small_sample"),
        Col("cohort_won_share", n="cohort_mqls", small="is_small_sample")], "cohort")
    long = pd.concat([
        pd.DataFrame({"cohort": [month_label(m) for m in curves["mql_month"]],
                      "days_after_mql": curves["days_after_mql"], "milestone": milestone,
                      "share": curves[column],
                      "maturity": ["mature" if m else "immature (can still rise)"
                                   for m in curves["is_mature"]]})
        for milestone, column in (("SQL", "cohort_sql_share"),
                                  ("Opportunity", "cohort_opportunity_share"),
                                  ("Won", "cohort_won_share"))])
    chart(charts.cohort_curves(long, f"MQL cohorts of the six months to {month_label(p.period)}: "
                               f"share reaching each stage within N days (to date, as of "
                               f"{as_of_label(p.as_of)}; open points: immature, can still rise)"))
