"""3. Lists to act on, as of the period's end: recent MQLs unworked past the SLA by owner,
the largest open deals past their close date, the largest deals lost with competitor and
owner, and the campaigns that spent in the period (with cost per MQL and ROI)."""

from __future__ import annotations

from shared_funnel.sections.base import Col, Pack, block, heading, month_label, note, subtitle
from shared_funnel.sections.formatting import day_label

SECTION = "actions"


def actions(pack: Pack) -> None:
    p = pack.params
    end = f"the end of {month_label(p.period)}"
    heading(pack, "actions")
    owners = pack.rows("rpt_unworked_mqls_by_owner")
    if len(owners):
        since = day_label(owners.iloc[0]["window_start"])
        block(subtitle(f"MQLs since {since} still unworked past the SLA at {end}, by owner"),
              pack.table(SECTION, owners, [
                  Col("owner_name", "Owner", text=True), Col("owner_team", "Team", text=True,
                                                             labels="team"),
                  Col("unworked_mqls_recent"), Col("oldest_unworked_mql_age_days")],
                  "owner_name"))
    else:
        note(f"No recent MQL was unworked past the SLA at {end}.")
    slipping = pack.rows("rpt_slipping_deals")
    if len(slipping):
        block(subtitle(f"Largest open deals past their close date at {end}"),
              pack.table(SECTION, slipping.assign(close=[day_label(d) for d in
                                                         slipping["close_date"]]), [
                  Col("opportunity_name", "Deal", text=True), Col("owner_name", "Owner", text=True),
                  Col("stage_name", "Stage", text=True), Col("close", "Close date", text=True),
                  Col("slipping_deal_amount"), Col("days_past_close_date")], "opportunity_id"))
    else:
        note(f"No open deal was past its close date at {end}.")
    lost = pack.rows("rpt_largest_lost_deals")
    if len(lost):
        block(subtitle(f"Largest deals lost in {month_label(p.period)}"),
              pack.table(SECTION, lost, [
                  Col("opportunity_name", "Deal", text=True), Col("owner_name", "Owner", text=True),
                  Col("competitor", "Competitor", text=True, labels="competitor"),
                  Col("loss_reason", "Loss reason", text=True, labels="reason"),
                  Col("largest_lost_deal_amount")], "opportunity_id"))
    else:
        note(f"No deal was lost in {month_label(p.period)}.")
    campaigns = pack.rows("rpt_campaign_spend", company_wide=True, by_model=True)
    if len(campaigns):
        block(subtitle(f"Campaigns that spent in {month_label(p.period)} (company-wide, "
                       f"{pack.category('model', p.model)} attribution)"),
              pack.table(SECTION, campaigns, [
                  Col("campaign_name", "Campaign", text=True),
                  Col("channel", "Channel", text=True, labels="channel"),
                  Col("campaign_spend"), Col("campaign_mqls"),
                  Col("campaign_cost_per_mql", n="campaign_mqls", small="is_small_sample"),
                  Col("campaign_attributed_revenue", "Attributed revenue",
                      metric_from="revenue_metric"),
                  Col("campaign_roi", "ROI", metric_from="roi_metric")], "campaign_id"))
    else:
        note(f"No campaign spent in {month_label(p.period)}.")
