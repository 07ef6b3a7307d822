"""4. Pipeline health: created against target, open by stage, coverage of the quarter's
remaining target, stage velocity, win rate, sales cycle and average deal size, the month's
bridge."""

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
    note,
    show,
    subtitle,
)

SECTION = "pipeline"


def pipeline(pack: Pack) -> None:
    p = pack.params
    heading(pack, "pipeline")
    created = pack.rows("rpt_pipeline_created_trend")
    pack.record(SECTION, created, [Col("pipeline_created"), Col("pipeline_target"),
                                   Col("pipeline_attainment")])
    current = created[created["is_period"]]
    title = f"Pipeline created in {month_label(p.period)}"
    if len(current):
        c = current.iloc[0]
        title = f"Pipeline created: {fmt(c['pipeline_created'], 'currency', pack.currency)} in " \
                f"{month_label(p.period)}"
        if c["pipeline_attainment"] == c["pipeline_attainment"] and c["pipeline_attainment"]:
            title = f"{title}, {fmt(c['pipeline_attainment'], 'ratio')} of target"
    chart(charts.bars_with_target(
        created.assign(month=[month_label(m) for m in created["month"]]), "month",
        "pipeline_created", "pipeline_target", title, pack.money_title("pipeline_created"),
        highlight=month_label(p.period)))

    coverage = pack.rows("rpt_pipeline_coverage", order="period")
    if len(coverage):
        c = coverage.iloc[0]
        text = (f"{pack.num(SECTION, c, 'open_pipeline')} open in "
                f"{pack.num(SECTION, c, 'open_deals')} deals at the end of "
                f"{esc(month_label(p.period))}; ")
        if c["pipeline_coverage"] == c["pipeline_coverage"]:
            quarter = pack.num(SECTION, c, "revenue_target_quarter",
                               window=("fiscal_quarter_start", "fiscal_quarter_end"))
            won = pack.num(SECTION, c, "won_revenue_qtd",
                           window=("fiscal_quarter_start", "window_end"))
            text += (f"that covers {pack.num(SECTION, c, 'pipeline_coverage')} the "
                     f"{pack.num(SECTION, c, 'revenue_target_remaining_quarter')} still to win "
                     f"of the quarter's {quarter} target ({won} won so far).")
        elif c["is_quarter_target_met"]:
            text += "the quarter's revenue target is already met."
        else:
            text += "no revenue target for the quarter and filter, so no coverage."
        finding(text)
    forecast_and_coverage(pack)
    stages = pack.rows("rpt_open_pipeline_by_stage", order="stage_order")
    if len(stages):
        pack.record(SECTION, stages, [Col("open_deals"), Col("open_pipeline")], "stage_name")
        chart(charts.stage_bars(stages, "Open pipeline by stage at month end",
                                pack.money_title("open_pipeline")))

    velocity = pack.rows("rpt_stage_velocity", order="stage_order")
    if len(velocity):
        show(subtitle(f"Stage velocity: deals entering each stage in the 12 months to "
                      f"{month_label(p.period)} and how they moved on (to date)")
             + pack.table(SECTION, velocity, [
                 Col("stage_name", "Stage", text=True, labels="stage"),
                 Col("deals_entered_stage_12m"),
                 Col("stage_conversion_rate_12m", n="deals_entered_stage_12m",
                     small="is_small_sample"),
                 Col("median_days_in_stage_12m"),
                 Col("stuck_deals_month_end", window=("stuck_window_start", "window_end"))],
                 "stage_name"))

    stuck = pack.rows("rpt_stuck_deals")
    if len(stuck):
        show(subtitle(f"Deals stuck in their stage at the end of {month_label(p.period)} "
                      "(longer than the stage's threshold), largest first")
             + pack.table(SECTION, stuck, [
                 Col("opportunity_name", "Deal", text=True),
                 Col("owner_name", "Owner", text=True),
                 Col("stage_name", "Stage", text=True, labels="stage"),
                 Col("stuck_deal_days_in_stage"),
                 Col("stuck_after_days", "Stuck after (days)", text=True),
                 Col("stuck_deal_amount")], "opportunity_id"))
    rates = pack.rows("rpt_win_rate_trend")
    pack.record(SECTION, rates, [Col("win_rate", n="closed_deals", small="is_small_sample"),
                                 Col("won_deals"), Col("closed_deals")])
    now = rates[rates["is_period"]]
    if len(now):
        chart(charts.trend(rates.assign(month=[month_label(m) for m in rates["month"]]),
                           "month", "win_rate",
                           f"Win rate {fmt(now.iloc[0]['win_rate'], 'ratio')} in "
                           f"{month_label(p.period)}", pack.label("win_rate"), ".0%"))
    cycle = pack.rows("rpt_sales_cycle_trend")
    pack.record(SECTION, cycle, [Col("sales_cycle_days", n="won_deals", small="is_small_sample"),
                                 Col("avg_deal_size", n="won_deals", small="is_small_sample")])
    now = cycle[cycle["is_period"]]
    if len(now):
        c = now.iloc[0]
        chart(charts.trend(cycle.assign(month=[month_label(m) for m in cycle["month"]]),
                           "month", "sales_cycle_days",
                           f"Sales cycle {fmt(c['sales_cycle_days'], 'days')}, average deal "
                           f"{fmt(c['avg_deal_size'], 'currency', pack.currency)}",
                           pack.label("sales_cycle_days") + " (days)", ",.0f"))

    movement = pack.rows("rpt_pipeline_movement", order="period")
    if len(movement):
        show(subtitle("Pipeline bridge: open at the start + added + amount changes - won - lost "
                      "= open at the end (each deal at its created month's rate)")
             + pack.table(SECTION, movement, [
                 Col("pipeline_open_at_start"), Col("pipeline_added"),
                 Col("pipeline_amount_changes"), Col("pipeline_won_out"),
                 Col("pipeline_lost_out"), Col("pipeline_open_at_end")]))
    else:
        note("No pipeline movement in the period.")
    people(pack)


def people(pack: Pack) -> None:
    """Managers, teams and reps against quota, for the pack's segment and region."""
    p = pack.params
    rows = pack.rows("rpt_people_performance")
    if not len(rows):
        return
    rows = rows.assign(who=[f"{level.capitalize()}: {name}" for level, name in
                            zip(rows["level"], rows["member_name"], strict=True)])
    qtd = ("fiscal_quarter_start", "window_end")
    trailing = ("trailing_window_start", "window_end")
    show(subtitle(f"People against quota, fiscal quarter to {month_label(p.period)} (managers "
                  "count their direct reports; quotas apply to all regions)")
         + pack.table(SECTION, rows, [
             Col("who", "Manager, team or rep", text=True),
             Col("bookings_qtd", window=qtd),
             Col("quota_qtd", window=qtd),
             Col("quota_attainment_qtd", window=qtd),
             Col("open_pipeline", "Open pipeline at month end",
                 window=("window_end", "window_end")),
             Col("win_rate_12m", n="closed_deals_12m", small="is_small_sample", window=trailing),
             Col("sales_cycle_days_12m", window=trailing),
             Col("sla_compliance", "SLA met (period's MQLs)", n="sla_decided",
                 small="is_small_sla_sample", window=("period_start", "window_end"))],
             "member_id"))


def forecast_and_coverage(pack: Pack) -> None:
    """What is expected to close this fiscal quarter and next (by forecast category, plain
    and weighted), and the quarter's coverage at stage thresholds, trended by week."""
    p = pack.params
    forecast = pack.rows("rpt_pipeline_forecast")
    if len(forecast):
        f = forecast.iloc[0]
        show(subtitle(f"Expected to close, as the CRM said at the end of {month_label(p.period)}: "
                      f"this fiscal quarter ({month_label(f['fiscal_quarter_start'])} to "
                      f"{month_label(f['fiscal_quarter_end'])}) and next; weighted = amount × "
                      "win probability")
             + pack.table(SECTION, forecast, [
                 Col("forecast_category", "Forecast category", text=True,
                     labels="forecast_category"),
                 Col("deals_closing_this_quarter", "Deals, this quarter"),
                 Col("pipeline_closing_this_quarter", "Pipeline, this quarter"),
                 Col("weighted_pipeline_this_quarter"),
                 Col("pipeline_closing_next_quarter", "Pipeline, next quarter",
                     window=("window_start", "window_end")),
                 Col("weighted_pipeline_next_quarter"),
                 Col("weighted_pipeline")],
                 "forecast_category"))
    coverage = pack.rows("rpt_pipeline_coverage_trend", order="min_stage_order, point_date")
    if not len(coverage):
        return
    coverage = coverage.assign(deals_counted=[
        "Every open deal" if s == "all stages" else f"{pack.category('stage', s)} or later"
        for s in coverage["from_stage"]])
    now = coverage[coverage["is_period_end"]]
    show(subtitle("Coverage of the quarter's remaining target by deals expected to close in "
                  f"it, at the end of {month_label(p.period)}, counting every open deal or "
                  "only those at or past a stage")
         + pack.table(SECTION, now, [
             Col("deals_counted", "Deals counted", text=True),
             Col("deals_closing_this_quarter", "Deals"),
             Col("pipeline_closing_this_quarter", "Pipeline, this quarter"),
             Col("quarter_pipeline_coverage"),
             Col("coverage_needed", n="closed_deals_12m", small="is_small_sample",
                 window=("win_rate_window_start", "win_rate_window_end")),
             Col("win_rate_12m", n="closed_deals_12m", small="is_small_sample",
                 window=("win_rate_window_start", "win_rate_window_end"))],
             "from_stage"))
    trend = coverage[coverage["quarter_pipeline_coverage"].notna()]
    if (~trend["is_period_end"]).any():  # weekly points before the period's end
        pack.record(SECTION, trend, [Col("quarter_pipeline_coverage")], "from_stage")
        trend = trend.assign(
            from_stage=trend["deals_counted"],
            point=[f"W{w} ({pd.Timestamp(d):%-d %b})" for w, d in
                   zip(trend["week_of_quarter"], trend["point_date"], strict=True)])
        needed = now["coverage_needed"].iloc[0] if len(now) else None
        chart(charts.coverage_trend(trend, "Quarter coverage week by week, by the stage of the "
                                    "deals counted", needed))
    slippage_table(pack)


def slippage_table(pack: Pack) -> None:
    slippage = pack.rows("rpt_slippage_trend", order="month")
    if not len(slippage):
        return
    show(subtitle("Slippage: open deals whose close date moved out of the quarter they were "
                  "due in, into it, and deals that shrank, month by month")
         + pack.table(SECTION, slippage.assign(
             month_label=[month_label(m) for m in slippage["month"]]), [
             Col("month_label", "Month", text=True),
             Col("deals_pushed_out", "Pushed out"), Col("pipeline_pushed_out"),
             Col("deals_pulled_in", "Pulled in"), Col("pipeline_pulled_in"),
             Col("deals_shrunk", "Shrunk"), Col("pipeline_shrunk")], "month"))
    if not slippage["has_close_date_moves"].iloc[0]:
        note("No close-date moves in these months: they come from opportunity_field_history "
             "(without it, only amount changes show).")
