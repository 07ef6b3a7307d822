"""6. Marketing contribution: sourced and influenced pipeline and revenue, attribution by
channel (the chosen model), top campaigns over 12 months, spend and cost per MQL."""

from __future__ import annotations

from shared_funnel import charts
from shared_funnel.sections.base import (
    Col,
    Pack,
    chart,
    finding,
    heading,
    note,
    show,
    subtitle,
)

SECTION = "marketing"


def marketing(pack: Pack) -> None:
    p = pack.params
    heading(pack, "marketing")
    summary = pack.rows("rpt_marketing_summary", order="period")
    if len(summary):
        s = summary.iloc[0]
        finding(f"Marketing sourced {pack.num(SECTION, s, 'marketing_sourced_pipeline_share')} "
                f"of the pipeline created ({pack.num(SECTION, s, 'marketing_sourced_pipeline')}"
                f" of {pack.num(SECTION, s, 'pipeline_created')}); campaigns influenced "
                f"{pack.num(SECTION, s, 'influenced_pipeline_share')} of it by the month's end "
                f"({pack.num(SECTION, s, 'influenced_pipeline')}).")
        show(subtitle("Won revenue") + pack.table(SECTION, summary, [
            Col("won_revenue"), Col("marketing_sourced_revenue"), Col("influenced_revenue")]))

    channels = pack.rows("rpt_attribution_by_channel", by_model=True)
    if len(channels):
        pack.record(SECTION, channels, [Col("attributed_pipeline", metric_from="pipeline_metric"),
                                        Col("attributed_revenue", metric_from="revenue_metric")],
                    "channel")
        top = channels.iloc[0]
        chart(charts.labelled_bars(
            pack.labelled(channels, "channel", "channel"),
            "channel_label", "attributed_pipeline",
            f"Attributed pipeline by channel ({pack.category('model', p.model)} attribution): "
            f"{pack.category('channel', top['channel'])} leads",
            pack.money_title(top["pipeline_metric"]), "~s", pack.palette("channel")))
    else:
        note("No attributed pipeline in the period.")

    campaigns = pack.rows("rpt_campaign_performance", company_wide=True, by_model=True)
    if len(campaigns):
        show(subtitle(f"Top campaigns by attributed revenue, last 12 months "
                      f"({pack.category('model', p.model)} attribution), company-wide")
             + pack.table(SECTION, campaigns, [
                 Col("campaign_name", "Campaign", text=True),
                 Col("channel", "Channel", text=True, labels="channel"),
                 Col("campaign_spend_12m"), Col("campaign_mqls_12m"),
                 Col("campaign_cost_per_mql_12m", n="campaign_mqls_12m",
                     small="is_small_sample"),
                 Col("campaign_attributed_revenue_12m", "Attributed revenue, 12 months",
                     metric_from="revenue_metric"),
                 Col("campaign_roi_12m", "ROI, 12 months", metric_from="roi_metric")],
                 "campaign_id"))
    spend = pack.rows("rpt_marketing_spend", company_wide=True, order="period")
    if len(spend):
        s = spend.iloc[0]
        finding(f"Marketing spend {pack.num(SECTION, s, 'marketing_spend')}, cost per MQL "
                f"{pack.num(SECTION, s, 'cost_per_mql')} ({pack.num(SECTION, s, 'mqls')} MQLs; "
                f"company-wide: campaigns have no segment or region).")
    if p.segment != "all" or p.region != "all":
        note(f"Campaign tables and spend are company-wide; the rest follows "
             f"{pack.category('segment', p.segment)} / {pack.category('region', p.region)}.")
