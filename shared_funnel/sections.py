"""The ten sections of the meeting pack (SPEC §5), one function each.

The notebook calls these and nothing else; every number comes from a mart through a
parameterised query aggregated in DuckDB; every text from the CRM is HTML-escaped.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field
from datetime import date

import duckdb
import pandas as pd
from IPython.display import HTML, display

from shared_funnel import charts
from shared_funnel.warehouse import Params, add_months, connect, df, month_label, resolve, scalar

SCORECARD = [
    # metric, target source (None, 'kpi' = revenue_target, 'targets' = fct_targets_monthly)
    ("won_revenue", "kpi"), ("pipeline_created", "targets"), ("mqls", "targets"),
    ("sqls", None), ("mql_to_sql_rate", None), ("sla_compliance", None), ("win_rate", None),
    ("avg_deal_size", None), ("sales_cycle_days", None), ("marketing_sourced_pipeline", None),
    ("cost_per_mql", None),
]
FUNNEL_STAGES = [("leads_created", "Leads"), ("mqls", "MQLs"), ("sals", "SALs"),
                 ("sqls", "SQLs"), ("opportunities_created", "Opportunities"),
                 ("won_deals", "Won deals")]

CSS = """
<style>
.sf-pack h1 {font-size: 1.7em; margin-bottom: 0.2em;}
.sf-pack h2 {border-bottom: 2px solid #4e79a7; padding-bottom: 4px; margin-top: 1.6em;}
.sf-table {border-collapse: collapse; margin: 0.6em 0 1em 0; font-size: 0.92em;}
.jp-RenderedHTMLCommon table.sf-table th, .jp-RenderedHTMLCommon table.sf-table td {
  border-bottom: 1px solid #ddd; padding: 4px 10px; text-align: left; vertical-align: top;}
.jp-RenderedHTMLCommon table.sf-table td.num, .jp-RenderedHTMLCommon table.sf-table th.num {
  text-align: right; white-space: nowrap;}
.sf-table th {background: #f3f5f8;}
.sf-good {color: #2e7d32; font-weight: 600;}
.sf-bad {color: #c62828; font-weight: 600;}
.sf-muted {color: #666;}
.sf-note {color: #555; font-style: italic;}
.sf-status-on {background: #e8f5e9; color: #2e7d32; font-weight: 600;}
.sf-status-off {background: #ffebee; color: #c62828; font-weight: 600;}
.sf-finding {font-size: 1.05em; margin: 0.4em 0 0.8em 0;}
@media print {
  .sf-section {break-before: page;}
  .sf-section:first-of-type {break-before: auto;}
  .sf-table, svg {break-inside: avoid;}
}
@page {size: A4; margin: 14mm;}
</style>
"""


@dataclass
class Pack:
    """The parameters and a read-only connection, plus the metrics shown so far (for the
    glossary)."""

    con: duckdb.DuckDBPyConnection
    params: Params
    currency: str
    on_track: float
    definitions: pd.DataFrame
    shown: list[str] = field(default_factory=list)

    def show(self, *metrics: str) -> None:
        for metric in metrics:
            if metric not in self.shown:
                self.shown.append(metric)

    def definition(self, metric: str) -> pd.Series:
        return self.definitions.loc[metric]

    @property
    def filters(self) -> list:
        """Bind values for the `(? = 'all' or segment = ?) and (? = 'all' or region = ?)`
        filter used on facts."""
        p = self.params
        return [p.segment, p.segment, p.region, p.region]


SEGMENT_REGION = "(? = 'all' or segment = ?) and (? = 'all' or region = ?)"


def open_pack(period: str | None = None, comparison: str = "prior_period", segment: str = "all",
              region: str = "all", model: str = "linear", warehouse: str | None = None) -> Pack:
    """Connect read-only, validate the parameters, load the glossary."""
    charts.enable_offline_svg()
    con = connect(warehouse)
    # One thread: a parallel sum of doubles can differ in its last bits from run to run, and
    # the pack must be byte-identical for the same warehouse. Its queries are small.
    con.execute("set threads = 1")
    params = resolve(con, period, comparison, segment, region, model)
    settings = dict(con.execute("select setting, value from pack_settings").fetchall())
    definitions = df(con, "select * from metric_definitions order by sort_order").set_index(
        "metric", drop=False)
    return Pack(con, params, settings.get("reporting_currency", "USD"),
                float(settings.get("on_track_threshold", 0.95)), definitions)


# ---- formatting --------------------------------------------------------------------------
def esc(value) -> str:
    return html.escape("" if value is None else str(value))


def is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def fmt(value, unit: str, currency: str = "USD") -> str:
    if is_missing(value):
        return "—"
    if unit == "currency":
        sign = "-" if value < 0 else ""
        v = abs(value)
        prefix = "$" if currency == "USD" else f"{currency} "
        if v >= 1e6:
            return f"{sign}{prefix}{v / 1e6:,.2f}M"
        if v >= 1e4:
            return f"{sign}{prefix}{v / 1e3:,.1f}k"
        return f"{sign}{prefix}{v:,.0f}"
    if unit == "ratio":
        return f"{value * 100:,.1f}%"
    if unit == "count":
        return f"{value:,.0f}"
    if unit == "days":
        return f"{value:,.1f} d"
    if unit == "hours":
        return f"{value:,.1f} h"
    if unit == "percentage_points":
        return f"{value:+,.2f} pp"
    if unit == "multiple":
        return f"{value:,.1f}×"
    return f"{value:,.2f}"


def delta_cell(current, previous, unit: str, higher_is_better: bool) -> str:
    """The change against the comparison, with its sign and a colour for its direction."""
    if is_missing(current) or is_missing(previous):
        return '<span class="sf-muted">—</span>'
    change = current - previous
    if unit == "ratio":
        text = f"{change * 100:+,.1f} pp"
    elif previous:
        text = f"{change / abs(previous) * 100:+,.1f}%"
    else:
        text = f"{change:+,.0f}"
    if change == 0:
        return f'<span class="sf-muted">{esc(text)}</span>'
    good = (change > 0) == higher_is_better
    arrow = "▲" if change > 0 else "▼"
    return f'<span class="{"sf-good" if good else "sf-bad"}">{arrow} {esc(text)}</span>'


def table(frame: pd.DataFrame, formats: dict[str, str] | None = None, currency: str = "USD",
          raw_html: tuple[str, ...] = ()) -> str:
    """An HTML table; every cell is escaped unless its column is in raw_html (cells we
    built ourselves)."""
    formats = formats or {}
    head = "".join(f'<th class="num">{esc(c)}</th>' if c in formats else f"<th>{esc(c)}</th>"
                   for c in frame.columns)
    rows = []
    for _, row in frame.iterrows():
        cells = []
        for column in frame.columns:
            value = row[column]
            if column in raw_html:
                cells.append(f"<td>{value}</td>")
            elif column in formats:
                cells.append(f'<td class="num">{esc(fmt(value, formats[column], currency))}</td>')
            else:
                cells.append(f"<td>{esc(value)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    body = "".join(rows)
    return f'<table class="sf-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def heading(number: int, title: str) -> None:
    display(HTML(f'<div class="sf-section"><h2>{number}. {esc(title)}</h2></div>'))


def note(text: str) -> None:
    display(HTML(f'<p class="sf-note">{esc(text)}</p>'))


def finding(text: str) -> None:
    display(HTML(f'<p class="sf-finding">{esc(text)}</p>'))


def kpi_values(pack: Pack, months: list[date], metrics: list[str],
               segment: str | None = None, region: str | None = None) -> dict:
    p = pack.params
    frame = df(pack.con, "select month, metric, value from kpi_monthly "
                         "where segment = ? and region = ? and month in (select unnest(?)) "
                         "and metric in (select unnest(?))",
               [segment or p.segment, region or p.region, months, metrics])
    return {(r.month.date() if hasattr(r.month, "date") else r.month, r.metric): r.value
            for r in frame.itertuples()}


def trailing_months(pack: Pack, n: int = 12) -> list[date]:
    return [add_months(pack.params.period, -i) for i in range(n - 1, -1, -1)]


# ---- 1. cover ----------------------------------------------------------------------------
def cover(pack: Pack) -> None:
    p = pack.params
    display(HTML(CSS))
    compare = "prior month" if p.comparison == "prior_period" else "same month last year"
    display(HTML(
        '<div class="sf-pack"><h1>Sales &amp; marketing meeting pack: '
        f'{esc(month_label(p.period))}</h1>'
        f'<p class="sf-muted">One set of numbers, one definition each (glossary at the end).</p>'
        "</div>"))
    facts = pd.DataFrame([
        ("Period", month_label(p.period)),
        ("Compared with", f"{month_label(p.comparison_period)} ({compare})"),
        ("Segment", p.segment), ("Region", p.region), ("Attribution model", p.model),
        ("Data as of", f"{p.as_of} UTC"), ("Money in", pack.currency),
    ], columns=["", "value"])
    heading(1, "Cover")
    display(HTML(table(facts)))
    rejected = df(pack.con, "select source_table, rule, count(*) as rows from rejected_rows "
                            "group by source_table, rule order by source_table, rule")
    flagged = df(pack.con, "select source_table, rule, count(*) as rows "
                           "from data_quality_issues group by source_table, rule "
                           "order by source_table, rule")
    superseded = scalar(pack.con, "select count(*) from superseded_rows")
    finding(f"Data quality: {int(rejected['rows'].sum()):,} raw rows rejected, "
            f"{int(superseded):,} superseded by newer versions, "
            f"{int(flagged['rows'].sum()):,} kept but flagged as suspicious.")
    if len(rejected):
        display(HTML("<b>Rejected rows</b> (counted nowhere)" + table(rejected)))
    if len(flagged):
        display(HTML("<b>Suspicious rows</b> (kept)" + table(flagged)))


# ---- 2. scorecard ------------------------------------------------------------------------
def scorecard_frame(pack: Pack) -> pd.DataFrame:
    """One row per shared KPI: actual, target, attainment, comparison, change, status."""
    p = pack.params
    metrics = [m for m, _ in SCORECARD]
    values = kpi_values(pack, [p.period, p.comparison_period], [*metrics, "revenue_target"])
    rows = []
    for metric, target_source in SCORECARD:
        d = pack.definition(metric)
        actual = values.get((p.period, metric))
        previous = values.get((p.comparison_period, metric))
        target = None
        if target_source == "kpi":
            target = values.get((p.period, "revenue_target"))
        elif target_source == "targets" and p.region == "all":
            target = scalar(pack.con, "select target_value from fct_targets_monthly "
                                      "where month = ? and segment = ? and metric = ?",
                            [p.period, p.segment, metric])
        attainment = None if is_missing(target) or not target or is_missing(actual) else (
            actual / target)
        if attainment is not None:
            status = "on track" if attainment >= pack.on_track else "off track"
        else:
            status = "no target"
        rows.append({"metric": metric, "label": d["label"], "unit": d["unit"],
                     "higher_is_better": bool(d["higher_is_better"]), "actual": actual,
                     "target": target, "attainment": attainment, "previous": previous,
                     "status": status})
    return pd.DataFrame(rows)


def scorecard(pack: Pack) -> None:
    heading(2, "Shared KPI scorecard")
    frame = scorecard_frame(pack)
    pack.show(*frame["metric"], "revenue_target", "revenue_attainment")
    judged = frame[frame["status"] != "no target"]
    on = int((judged["status"] == "on track").sum())
    if len(judged):
        finding(f"{on} of {len(judged)} KPIs with a target are on track "
                f"(at least {pack.on_track:.0%} of target) in {month_label(pack.params.period)}.")
    else:
        note("No targets for this month and filter (targets is empty or has none): KPIs are "
             "shown with their change only.")
    rows = []
    for r in frame.itertuples():
        status_class = {"on track": "sf-status-on", "off track": "sf-status-off"}.get(
            r.status, "sf-muted")
        actual = fmt(r.actual, r.unit, pack.currency)
        rows.append({
            "KPI": esc(r.label),
            "Actual": f'<span data-metric="{esc(r.metric)}" data-value="{esc(r.actual)}">'
                      f"{esc(actual)}</span>",
            "Target": esc(fmt(r.target, r.unit, pack.currency)),
            "Attainment": esc(fmt(r.attainment, "ratio")),
            month_label(pack.params.comparison_period): esc(fmt(r.previous, r.unit,
                                                                pack.currency)),
            "Change": delta_cell(r.actual, r.previous, r.unit, r.higher_is_better),
            "Status": f'<span class="{status_class}">{esc(r.status)}</span>',
        })
    out = pd.DataFrame(rows)
    display(HTML(table(out, raw_html=tuple(out.columns))))
    if pack.params.region != "all":
        note("Targets are set per segment, so a region filter shows no target.")


# ---- 3. funnel ---------------------------------------------------------------------------
def funnel(pack: Pack) -> None:
    p = pack.params
    heading(3, "Funnel")
    values = kpi_values(pack, [p.period], [m for m, _ in FUNNEL_STAGES]
                        + ["mql_to_sql_rate", "win_rate"])
    stages = pd.DataFrame([{"stage": label, "volume": values.get((p.period, m)) or 0}
                           for m, label in FUNNEL_STAGES])
    pack.show(*[m for m, _ in FUNNEL_STAGES], "mql_to_sql_rate", "win_rate")
    mql_sql = values.get((p.period, "mql_to_sql_rate"))
    display(charts.stage_funnel(stages, f"{int(stages.volume[1]):,} MQLs and "
                                        f"{int(stages.volume[3]):,} SQLs in "
                                        f"{month_label(p.period)}; MQL to SQL "
                                        f"{fmt(mql_sql, 'ratio')}"))
    by_channel = df(pack.con, f"""
        select
            lead_source as channel,
            sum(case when created_month = ? then 1 else 0 end) as leads,
            sum(case when mql_month = ? then 1 else 0 end) as mqls,
            sum(case when {sql_month('sql_at')} = ? then 1 else 0 end) as sqls,
            sum(case when mql_month = ? and sql_at is not null then 1 else 0 end) as mqls_to_sql
        from fct_leads
        where {SEGMENT_REGION}
        group by lead_source
        order by mqls desc, channel
    """, [p.period] * 4 + pack.filters)
    by_channel["mql_to_sql_rate"] = by_channel.mqls_to_sql / by_channel.mqls.where(
        by_channel.mqls > 0)
    if by_channel.mqls.sum() > 0:
        best = by_channel.sort_values(["mql_to_sql_rate", "channel"],
                                      ascending=[False, True]).iloc[0]
        display(charts.channel_bars(
            by_channel, "mqls", f"MQLs by channel; {best.channel} converts best to SQL "
                                f"({fmt(best.mql_to_sql_rate, 'ratio')})", "MQLs"))
    display(HTML(table(by_channel[["channel", "leads", "mqls", "sqls", "mql_to_sql_rate"]],
                       {"leads": "count", "mqls": "count", "sqls": "count",
                        "mql_to_sql_rate": "ratio"})))
    by_segment = df(pack.con, """
        select segment, metric, value from kpi_monthly
        where month = ? and region = ? and segment <> 'all'
            and metric in ('leads_created', 'mqls', 'sqls', 'opportunities_created',
                           'won_deals', 'win_rate')
    """, [p.period, p.region]).pivot(index="segment", columns="metric", values="value")
    by_segment = by_segment.reset_index()[["segment", "leads_created", "mqls", "sqls",
                                           "opportunities_created", "won_deals", "win_rate"]]
    display(HTML("<b>By segment</b>" + table(
        by_segment, {c: "count" for c in by_segment.columns[1:-1]} | {"win_rate": "ratio"})))


def sql_month(column: str) -> str:
    """SQL for the first day of the month of a timestamp column (a name of ours)."""
    return f"cast(date_trunc('month', {column}) as date)"


# ---- 4. pipeline health ------------------------------------------------------------------
def pipeline(pack: Pack) -> None:
    p = pack.params
    heading(4, "Pipeline health")
    months = trailing_months(pack)
    values = kpi_values(pack, months, ["pipeline_created", "win_rate", "avg_deal_size",
                                       "sales_cycle_days"])
    targets = dict(pack.con.execute(
        "select month, target_value from fct_targets_monthly where segment = ? "
        "and metric = 'pipeline_created' and month in (select unnest(?))",
        [p.segment, months]).fetchall()) if p.region == "all" else {}
    trend = pd.DataFrame([{"month": m.strftime("%Y-%m"), "pipeline_created":
                           values.get((m, "pipeline_created")) or 0,
                           "target": targets.get(m)} for m in months])
    current = values.get((p.period, "pipeline_created"))
    target = targets.get(p.period)
    title = f"Pipeline created: {fmt(current, 'currency', pack.currency)} in " \
            f"{month_label(p.period)}"
    if target:
        title += f", {current / target:.0%} of target"
    display(charts.bars_with_target(trend, "month", "pipeline_created",
                                    "target" if targets else None, title,
                                    f"Pipeline created ({pack.currency})",
                                    highlight=p.period.strftime("%Y-%m")))
    stages = df(pack.con, f"""
        select stage_name, sum(open_deals) as open_deals, sum(open_amount_usd) as open_amount_usd
        from fct_pipeline_snapshots
        where month = ? and {SEGMENT_REGION}
        group by stage_name
        order by min(case stage_name when 'Prospecting' then 1 when 'Discovery' then 2
                 when 'Proposal' then 3 when 'Negotiation' then 4 else 5 end), stage_name
    """, [p.period, *pack.filters])
    open_total = float(stages.open_amount_usd.sum()) if len(stages) else 0.0
    quarter = df(pack.con, """
        select months.fiscal_quarter_start, sum(targets.target_value) as quarter_target
        from dim_months as months
        inner join dim_months as quarter_months
            on quarter_months.fiscal_quarter_start = months.fiscal_quarter_start
        left join fct_targets_monthly as targets
            on targets.month = quarter_months.month and targets.segment = ?
            and targets.metric = 'won_revenue'
        where months.month = ?
        group by months.fiscal_quarter_start
        order by months.fiscal_quarter_start
    """, [p.segment, p.period])
    won_qtd = scalar(pack.con, "select won_revenue_qtd from kpi_revenue_to_date "
                               "where month = ? and segment = ?", [p.period, p.segment])
    coverage_text = "no revenue target for the quarter"
    if len(quarter) and not is_missing(quarter.quarter_target[0]) and p.region == "all":
        remaining = float(quarter.quarter_target[0]) - float(won_qtd or 0)
        coverage_text = (f"open pipeline covers {open_total / remaining:.1f}× the "
                         f"{fmt(remaining, 'currency')} still to win this quarter"
                         if remaining > 0 else "the quarter's revenue target is already met")
    finding(f"{fmt(open_total, 'currency')} open at the end of {month_label(p.period)}; "
            f"{coverage_text}.")
    if len(stages):
        display(charts.stage_bars(stages, "Open pipeline by stage at month end"))
    rates = pd.DataFrame([{"month": m, "value": values.get((m, "win_rate"))} for m in months])
    display(charts.trend(rates, "month", "value",
                         f"Win rate {fmt(values.get((p.period, 'win_rate')), 'ratio')} in "
                         f"{month_label(p.period)}", "Win rate", ".1%"))
    cycle = pd.DataFrame([{"month": m, "value": values.get((m, "sales_cycle_days"))}
                          for m in months])
    display(charts.trend(cycle, "month", "value",
                         f"Sales cycle {fmt(values.get((p.period, 'sales_cycle_days')), 'days')}"
                         f", average deal "
                         f"{fmt(values.get((p.period, 'avg_deal_size')), 'currency')}",
                         "Days from creation to close (won deals)", ",.1f"))
    movement = df(pack.con, f"""
        select sum(open_at_start_usd) as open_at_start, sum(created_usd) as created,
               sum(amount_changes_usd) as amount_changes, -sum(won_usd) as won,
               -sum(lost_usd) as lost, sum(open_at_end_usd) as open_at_end
        from fct_pipeline_movement where month = ? and {SEGMENT_REGION}
    """, [p.period, *pack.filters])
    display(HTML("<b>Pipeline movement</b> (USD at each deal's created-month rate)" + table(
        movement, {c: "currency" for c in movement.columns})))
    pack.show("pipeline_created", "win_rate", "avg_deal_size", "sales_cycle_days")


# ---- 5. revenue --------------------------------------------------------------------------
def revenue(pack: Pack) -> None:
    p = pack.params
    heading(5, "Revenue")
    to_date = df(pack.con, "select * from kpi_revenue_to_date where month = ? and segment = ?",
                 [p.period, p.segment])
    pack.show("won_revenue", "revenue_target", "revenue_attainment", "revenue_attainment_qtd",
              "revenue_attainment_ytd", "market_share", "share_change_pp")
    if p.region != "all":
        note("Targets are set per segment: % to target is shown for all regions.")
    if len(to_date):
        r = to_date.iloc[0]
        finding(f"{fmt(r.revenue_attainment_month, 'ratio')} of target in the month, "
                f"{fmt(r.revenue_attainment_qtd, 'ratio')} quarter to date (FY{r.fiscal_year} "
                f"Q{r.fiscal_quarter}), {fmt(r.revenue_attainment_ytd, 'ratio')} year to date.")
        summary = pd.DataFrame([
            ("Month", r.won_revenue_month, r.revenue_target_month, r.revenue_attainment_month),
            ("Quarter to date", r.won_revenue_qtd, r.revenue_target_qtd, r.revenue_attainment_qtd),
            ("Year to date", r.won_revenue_ytd, r.revenue_target_ytd, r.revenue_attainment_ytd),
        ], columns=["period", "won revenue", "target", "% to target"])
        display(HTML(table(summary, {"won revenue": "currency", "target": "currency",
                                     "% to target": "ratio"}, pack.currency)))
    months = trailing_months(pack)
    values = kpi_values(pack, months, ["won_revenue", "revenue_target"], region="all")
    trend = pd.DataFrame([{"month": m.strftime("%Y-%m"),
                           "won_revenue": values.get((m, "won_revenue")) or 0,
                           "target": values.get((m, "revenue_target"))} for m in months])
    display(charts.bars_with_target(
        trend, "month", "won_revenue", "target",
        f"Won revenue: {fmt(values.get((p.period, 'won_revenue')), 'currency', pack.currency)}"
        f" in {month_label(p.period)}", f"Won revenue ({pack.currency})",
        highlight=p.period.strftime("%Y-%m")))
    share = df(pack.con, """
        select segment, period_start, period_end, won_revenue, market_revenue, market_share,
               share_change_pp
        from kpi_market_share
        where period_end < ? and (? = 'all' or segment = ?)
        qualify period_start = max(period_start) over ()
        order by segment
    """, [add_months(p.period, 1), p.segment, p.segment])
    if not len(share):
        note("No market_size period has ended by this month (or market_size is empty): "
             "market share is left out.")
        return
    first = share.iloc[0]
    finding(f"Market share in the latest complete market period, {first.period_start:%d %b %Y}"
            f" to {first.period_end:%d %b %Y}, and its change against the period before:")
    display(HTML(table(share[["segment", "won_revenue", "market_revenue", "market_share",
                              "share_change_pp"]],
                       {"won_revenue": "currency", "market_revenue": "currency",
                        "market_share": "ratio", "share_change_pp": "percentage_points"})))


# ---- 6. marketing contribution -----------------------------------------------------------
def marketing(pack: Pack) -> None:
    p = pack.params
    heading(6, "Marketing contribution")
    totals = df(pack.con, f"""
        select
            sum(case when created_month = ? then pipeline_amount_usd else 0 end) as pipeline,
            sum(case when created_month = ? and is_marketing_sourced then pipeline_amount_usd
                else 0 end) as sourced_pipeline,
            sum(case when created_month = ? and is_influenced then pipeline_amount_usd
                else 0 end) as influenced_pipeline,
            sum(case when close_month = ? and is_won then won_amount_usd else 0 end) as revenue,
            sum(case when close_month = ? and is_won and is_marketing_sourced
                then won_amount_usd else 0 end) as sourced_revenue,
            sum(case when close_month = ? and is_won and is_influenced
                then won_amount_usd else 0 end) as influenced_revenue
        from fct_opportunities where {SEGMENT_REGION}
    """, [p.period] * 6 + pack.filters).iloc[0]
    pack.show("marketing_sourced_pipeline", "marketing_sourced_revenue", "influenced_pipeline",
              "influenced_revenue", "attributed_pipeline", "attributed_revenue", "campaign_roi",
              "cost_per_mql", "marketing_spend")
    sourced = totals.sourced_pipeline / totals.pipeline if totals.pipeline else None
    influenced = totals.influenced_pipeline / totals.pipeline if totals.pipeline else None
    finding(f"Marketing sourced {fmt(sourced, 'ratio')} of the pipeline created and influenced "
            f"{fmt(influenced, 'ratio')}.")
    summary = pd.DataFrame([
        ("Pipeline created", totals.pipeline, totals.sourced_pipeline, totals.influenced_pipeline),
        ("Won revenue", totals.revenue, totals.sourced_revenue, totals.influenced_revenue),
    ], columns=["", "total", "marketing-sourced", "influenced"])
    display(HTML(table(summary, {c: "currency" for c in summary.columns[1:]})))
    by_channel = df(pack.con, f"""
        select channel,
               sum(case when created_month = ? then attributed_pipeline else 0 end)
                   as attributed_pipeline,
               sum(case when close_month = ? then attributed_revenue else 0 end)
                   as attributed_revenue
        from fct_attribution
        where model = ? and {SEGMENT_REGION}
        group by channel
        having sum(case when created_month = ? then attributed_pipeline else 0 end) > 0
            or sum(case when close_month = ? then attributed_revenue else 0 end) > 0
        order by attributed_pipeline desc, channel
    """, [p.period, p.period, p.model, *pack.filters, p.period, p.period])
    if len(by_channel):
        top = by_channel.iloc[0]
        display(charts.channel_bars(
            by_channel, "attributed_pipeline",
            f"Attributed pipeline by channel ({p.model}): {top.channel} leads with "
            f"{fmt(top.attributed_pipeline, 'currency')}", "Attributed pipeline (USD)"))
    else:
        note("No attributed pipeline in the period.")
    campaigns = df(pack.con, f"""
        select campaign_name as campaign, channel,
               sum(spend_usd) as spend, sum(mqls) as mqls,
               sum(attributed_revenue_{p.model}) as attributed_revenue,
               sum(attributed_revenue_{p.model}) / nullif(sum(spend_usd), 0) as roi,
               sum(spend_usd) / nullif(sum(mqls), 0) as cost_per_mql
        from fct_campaign_performance
        where month between ? and ?
        group by campaign_name, channel
        order by attributed_revenue desc, campaign, channel
        limit 10
    """, [add_months(p.period, -11), p.period])
    display(HTML(f"<b>Top campaigns by attributed revenue, last 12 months ({esc(p.model)})</b>"
                 + table(campaigns, {"spend": "currency", "mqls": "count",
                                     "attributed_revenue": "currency", "roi": "multiple",
                                     "cost_per_mql": "currency"})))
    spend = kpi_values(pack, [p.period], ["marketing_spend", "cost_per_mql"], "all", "all")
    finding(f"Marketing spend {fmt(spend.get((p.period, 'marketing_spend')), 'currency')}, "
            f"cost per MQL {fmt(spend.get((p.period, 'cost_per_mql')), 'currency')} "
            f"(all segments and regions).")


# ---- 7. lead handoff ---------------------------------------------------------------------
def handoff(pack: Pack) -> None:
    p = pack.params
    heading(7, "Lead handoff")
    if p.segment != "all" or p.region != "all":
        note("Handoff is shown for all segments and regions: the SLA is owned by teams.")
    if not scalar(pack.con, "select count(*) > 0 from staging.stg_crm__lead_activities"):
        note("No sales activities in the data (lead_activities is empty): handoff is left out.")
        return
    pack.show("sla_compliance", "median_hours_to_first_touch", "unworked_mqls", "mql_won_rate")
    teams = df(pack.con, "select team, mqls, sla_met, sla_breached, sla_pending, sla_compliance, "
                         "median_hours_to_first_touch from fct_handoff_monthly "
                         "where month = ? and rep = 'all' order by team = 'all', team",
               [p.period])
    total = teams[teams.team == "all"]
    if len(total):
        t = total.iloc[0]
        finding(f"SLA compliance {fmt(t.sla_compliance, 'ratio')} in {month_label(p.period)}; "
                f"median first touch after {fmt(t.median_hours_to_first_touch, 'hours')}.")
    display(HTML("<b>By team</b>" + table(teams, {
        "mqls": "count", "sla_met": "count", "sla_breached": "count", "sla_pending": "count",
        "sla_compliance": "ratio", "median_hours_to_first_touch": "hours"})))
    reps = df(pack.con, "select team, rep, mqls, sla_compliance, median_hours_to_first_touch "
                        "from fct_handoff_monthly where month = ? and rep <> 'all' "
                        "order by sla_compliance, team, rep", [p.period])
    display(HTML("<b>By rep</b> (lowest compliance first)" + table(reps, {
        "mqls": "count", "sla_compliance": "ratio", "median_hours_to_first_touch": "hours"})))
    buckets = df(pack.con, "select team, bucket, bucket_order, sum(mqls) as mqls "
                           "from fct_first_touch_buckets where month = ? "
                           "group by team, bucket, bucket_order order by bucket_order, team",
                 [p.period])
    if len(buckets):
        display(charts.bucket_bars(buckets, "Time to first touch of the month's MQLs"))
    unworked = df(pack.con, """
        select lead_id, company, owner_name as owner, owner_team as team, lead_source as channel,
               round(age_hours / 24, 1) as age_days
        from fct_unworked_mqls
        where not is_disqualified and not is_converted
        order by age_hours desc, lead_id
    """)
    finding(f"{len(unworked):,} MQLs are still unworked (no sales touch) as of {p.as_of[:10]}.")
    if len(unworked):
        display(HTML("<b>Oldest unworked MQLs</b>"
                     + table(unworked.head(10), {"age_days": "days"})))
    conversion = df(pack.con, """
        select sla_status, sum(mqls) as mqls, sum(won_deals) as won_deals,
               sum(won_deals) / sum(mqls) as won_rate
        from fct_sla_conversion_monthly
        where month between ? and ? and sla_status in ('met', 'breached')
        group by sla_status order by sla_status desc
    """, [add_months(p.period, -11), p.period])
    if len(conversion) == 2:
        met = conversion.set_index("sla_status").won_rate
        finding(f"Over the last 12 months, MQLs touched within the SLA became won deals "
                f"{fmt(met.get('met'), 'ratio')} of the time; breached ones "
                f"{fmt(met.get('breached'), 'ratio')}.")
        display(HTML(table(conversion, {"mqls": "count", "won_deals": "count",
                                        "won_rate": "ratio"})))


# ---- 8. feedback loop --------------------------------------------------------------------
def feedback(pack: Pack) -> None:
    p = pack.params
    heading(8, "Feedback loop")
    if p.segment != "all" or p.region != "all":
        note("Sales verdicts are shown for all segments and regions; loss reasons follow the "
             "filters.")
    verdicts = df(pack.con, """
        select lead_source as channel, sum(verdicts) as verdicts, sum(accepted) as accepted,
               sum(rejected) as rejected,
               sum(accepted) / nullif(sum(accepted) + sum(rejected), 0) as acceptance_rate,
               sum(rating_sum) / nullif(sum(rated), 0) as avg_lead_rating
        from fct_feedback_monthly where month = ?
        group by lead_source order by acceptance_rate, lead_source
    """, [p.period])
    pack.show("acceptance_rate", "avg_lead_rating")
    if not len(verdicts):
        note("No sales feedback in the period (lead_feedback is empty or has no verdicts).")
    else:
        worst = verdicts.iloc[0]
        display(charts.channel_bars(
            verdicts, "acceptance_rate",
            f"Sales accepted {fmt(worst.acceptance_rate, 'ratio')} of {worst.channel} leads, "
            f"the lowest of any channel", "Acceptance rate", ".0%"))
        display(HTML(table(verdicts, {"verdicts": "count", "accepted": "count",
                                      "rejected": "count", "acceptance_rate": "ratio",
                                      "avg_lead_rating": "score"})))
        by_campaign = df(pack.con, """
            select campaigns.campaign_name as campaign, feedback.lead_source as channel,
                   sum(feedback.verdicts) as verdicts,
                   sum(feedback.accepted) / nullif(sum(feedback.accepted)
                       + sum(feedback.rejected), 0) as acceptance_rate,
                   sum(feedback.rating_sum) / nullif(sum(feedback.rated), 0) as avg_lead_rating
            from fct_feedback_monthly as feedback
            left join dim_campaigns as campaigns
                on feedback.source_campaign_id = campaigns.campaign_id
            where feedback.month = ?
            group by campaigns.campaign_name, feedback.lead_source
            order by verdicts desc, campaign, channel limit 10
        """, [p.period])
        display(HTML("<b>By campaign</b> (most verdicts)" + table(by_campaign, {
            "verdicts": "count", "acceptance_rate": "ratio", "avg_lead_rating": "score"})))
        reasons = df(pack.con, """
            select reason, count(*) as rejected_leads
            from fct_lead_feedback where submitted_month = ? and is_rejected
            group by reason order by rejected_leads desc, reason
        """, [p.period])
        if len(reasons):
            display(charts.category_bars(reasons, "reason", "rejected_leads",
                                         f"Top rejection reason: {reasons.reason[0]}",
                                         "Leads rejected by sales", charts.BAD))
    losses = df(pack.con, """
        select segment, loss_reason, competitor, sum(lost_deals) as lost_deals,
               sum(lost_amount_usd) as lost_amount
        from fct_loss_reasons_monthly
        where month = ? and (? = 'all' or segment = ?)
        group by segment, loss_reason, competitor
        order by lost_amount desc, segment, loss_reason, competitor
    """, [p.period, p.segment, p.segment])
    if not len(losses):
        note("No deals lost in the period.")
        return
    by_reason = losses.groupby("loss_reason", as_index=False)["lost_amount"].sum().sort_values(
        ["lost_amount", "loss_reason"], ascending=[False, True])
    display(charts.category_bars(by_reason, "loss_reason", "lost_amount",
                                 f"Most revenue lost to: {by_reason.loss_reason.iloc[0]}",
                                 "Lost amount (USD)", charts.BAD))
    display(HTML("<b>Loss reasons and competitors by segment</b>" + table(
        losses.head(15), {"lost_deals": "count", "lost_amount": "currency"})))


# ---- 9. cost of misalignment -------------------------------------------------------------
def misalignment(pack: Pack) -> None:
    p = pack.params
    heading(9, "Cost of misalignment")
    if p.segment != "all" or p.region != "all":
        note("Shown for all segments and regions.")
    rows = df(pack.con, """
        select channel, breached_mqls, met_won_rate, breached_won_rate, avg_deal_size,
               revenue_at_stake, rejected_leads, rejected_lead_spend, cost_of_misalignment
        from kpi_misalignment_monthly
        where month = ?
        order by channel = 'all', cost_of_misalignment desc, channel
    """, [p.period])
    pack.show("revenue_at_stake", "rejected_lead_spend", "cost_of_misalignment")
    total = rows[rows.channel == "all"]
    if not len(total):
        note("No MQLs in the data: the cost of misalignment is left out.")
        return
    t = total.iloc[0]
    finding(f"An estimated {fmt(t.cost_of_misalignment, 'currency')} at stake in "
            f"{month_label(p.period)}: {fmt(t.revenue_at_stake, 'currency')} of revenue from "
            f"{int(t.breached_mqls):,} breached SLAs and {fmt(t.rejected_lead_spend, 'currency')}"
            f" spent on {int(t.rejected_leads):,} leads sales rejected.")
    channels = rows[rows.channel != "all"]
    display(charts.channel_bars(channels, "cost_of_misalignment",
                                "Cost of misalignment by channel (estimate)",
                                "Estimated cost (USD)"))
    display(HTML("<b>The estimate and its inputs</b>" + table(rows, {
        "breached_mqls": "count", "met_won_rate": "ratio", "breached_won_rate": "ratio",
        "avg_deal_size": "currency", "revenue_at_stake": "currency", "rejected_leads": "count",
        "rejected_lead_spend": "currency", "cost_of_misalignment": "currency"})))


# ---- 10. glossary ------------------------------------------------------------------------
def glossary(pack: Pack) -> None:
    heading(10, "Glossary")
    shown = [m for m in pack.definitions.index if m in pack.shown]
    frame = pack.definitions.loc[shown, ["label", "metric", "unit", "definition"]]
    display(HTML(table(frame)))
    settings = df(pack.con, "select setting, value from pack_settings order by setting")
    display(HTML("<b>Settings these numbers were built with</b>" + table(settings)))
