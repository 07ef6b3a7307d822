"""7. Lead handoff, company-wide (the SLA is owned by teams): SLA by team and rep, time to
first touch, unworked MQLs at the month's end, and whether the SLA pays."""

from __future__ import annotations

from shared_funnel import charts
from shared_funnel.sections.base import (
    Col,
    Pack,
    chart,
    esc,
    finding,
    heading,
    month_label,
    note,
    show,
    subtitle,
)

SECTION = "handoff"


def handoff(pack: Pack) -> None:
    p = pack.params
    heading(pack, "handoff", "company-wide")
    teams = pack.rows("rpt_handoff_by_team", company_wide=True)
    if not len(teams):
        note("No MQLs in the period (or lead_activities is empty): handoff is left out.")
        return
    total = teams[teams["team"] == "all"]
    if len(total):
        t = total.iloc[0]

        def of_all(column: str, **options) -> str:
            return pack.num(SECTION, t, column, dimension="team", member="all", **options)

        finding(f"SLA compliance "
                f"{of_all('sla_compliance', n='sla_decided', small='is_small_sample')} "
                f"({of_all('sla_met')} of {of_all('sla_decided')} decided) for the MQLs of "
                f"{esc(month_label(p.period))}, to date; median first touch after "
                f"{of_all('median_hours_to_first_touch')}.")
    show(subtitle("By team (SLA outcomes to date)") + pack.table(SECTION, teams, [
        Col("team", "Team", text=True, labels="team"), Col("mqls"), Col("sla_met"),
        Col("sla_breached"),
        Col("sla_pending"), Col("sla_compliance", n="sla_decided", small="is_small_sample"),
        Col("median_hours_to_first_touch")], "team"))
    reps = pack.rows("rpt_handoff_by_rep", company_wide=True)
    if len(reps):
        show(subtitle("By rep (lowest compliance first)") + pack.table(SECTION, reps, [
            Col("team", "Team", text=True, labels="team"), Col("rep", "Rep", text=True),
            Col("mqls"),
            Col("sla_compliance", n="sla_decided", small="is_small_sample"),
            Col("median_hours_to_first_touch")], "rep"))
    buckets = pack.rows("rpt_first_touch_buckets", company_wide=True, order="bucket_order, team")
    if len(buckets):
        pack.record(SECTION, buckets, [Col("mqls_by_time_to_first_touch")], "team_bucket")
        chart(charts.bucket_bars(
            buckets.assign(team=[pack.category("team", t) for t in buckets["team"]]),
            "Time to first touch of the month's MQLs (to date)", pack.palette("team")))

    unworked = pack.rows("rpt_unworked_mqls", company_wide=True, order="period")
    if len(unworked):
        finding(f"{pack.num(SECTION, unworked.iloc[0], 'unworked_mqls')} MQLs were unworked "
                f"(no sales touch, not disqualified, not converted) at the end of "
                f"{esc(month_label(p.period))} (the recent ones, by owner: section 3).")
    conversion = pack.rows("rpt_sla_conversion", company_wide=True)
    if len(conversion) == 2:
        met, breached = conversion.iloc[0], conversion.iloc[1]
        finding(f"Of the MQLs of the last 12 months, those touched within the SLA became won "
                f"deals {rate(pack, met)} of the time by the month's end; breached ones "
                f"{rate(pack, breached)}.")
        show(pack.table(SECTION, conversion, [
            Col("sla_status", "SLA", text=True, labels="status"),
            Col("mqls_12m", "MQLs, 12 months", metric_from="mqls_metric"),
            Col("won_deals_12m", "Won by the month's end", metric_from="won_deals_metric"),
            Col("won_rate_12m", "Won rate", metric_from="won_rate_metric", n="mqls_12m",
                small="is_small_sample")]))


def rate(pack: Pack, row) -> str:
    return pack.num(SECTION, row, "won_rate_12m", row["won_rate_metric"], n="mqls_12m",
                    small="is_small_sample")
