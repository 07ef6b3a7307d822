"""5. Revenue: % to target for the month, quarter and year (whole targets), the trend,
and market share with its change."""

from __future__ import annotations

from shared_funnel import charts
from shared_funnel.sections.base import (
    Col,
    Pack,
    chart,
    finding,
    fmt,
    heading,
    month_label,
    note,
    show,
    subtitle,
)
from shared_funnel.sections.formatting import day_label

SECTION = "revenue"
WINDOWS = {"month": "Month", "quarter": "Quarter to date", "year": "Year to date"}


def revenue(pack: Pack) -> None:
    p = pack.params
    heading(pack, "revenue")
    to_date = pack.rows("rpt_revenue_to_date")
    rows = {r["window_name"]: r for _, r in to_date.iterrows()}
    if rows:
        parts = []
        for name, text in (("month", "in the month"), ("quarter", "of the quarter's target"),
                           ("year", "of the year's target")):
            r = rows[name]
            parts.append(f"{pack.num(SECTION, r, 'revenue_attainment', r['attainment_metric'])}"
                         f" {text}")
        finding(f"Won revenue against target: {', '.join(parts)}.")
        show(pack.table(SECTION, to_date.assign(window=to_date["window_name"].map(WINDOWS)), [
            Col("window", "Window", text=True),
            Col("won_revenue", "Won revenue", metric_from="won_metric"),
            Col("revenue_target", "Target (whole window)", metric_from="target_metric",
                window=("window_start", "target_window_end")),
            Col("revenue_attainment", "% of target won", metric_from="attainment_metric"),
        ]))
    if p.region != "all":
        note("Targets are set per segment: a region filter shows won revenue without a target.")

    trend = pack.rows("rpt_won_revenue_trend")
    pack.record(SECTION, trend, [Col("won_revenue"), Col("revenue_target")])
    now = trend[trend["is_period"]]
    if len(now):
        chart(charts.bars_with_target(
            trend.assign(month=[month_label(m) for m in trend["month"]]), "month", "won_revenue",
            "revenue_target",
            f"Won revenue: {fmt(now.iloc[0]['won_revenue'], 'currency', pack.currency)} in "
            f"{month_label(p.period)}", pack.money_title("won_revenue"),
            highlight=month_label(p.period)))

    share = pack.rows("rpt_market_share", segment_rows=True, all_regions=True)
    if not len(share):
        note("No market_size period has ended by this month (or market_size is empty): "
             "market share is left out.")
        return
    first = share.iloc[0]
    show(subtitle(f"Market share, latest complete market period "
                  f"({day_label(first['window_start'])} to {day_label(first['window_end'])}), "
                  f"all regions")
         + pack.table(SECTION, share, [
             Col("segment", "Segment", text=True, labels="segment"), Col("market_won_revenue"),
             Col("market_revenue"), Col("market_share"), Col("share_change_pp")]))
