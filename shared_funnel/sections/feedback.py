"""8. Feedback loop: sales verdicts and ratings by channel and campaign, rejection reasons,
loss reasons and competitors (all follow the filters)."""

from __future__ import annotations

from shared_funnel import charts
from shared_funnel.sections.base import Col, Pack, chart, fmt, heading, note, show, subtitle

SECTION = "feedback"


def feedback(pack: Pack) -> None:
    heading(8, "Feedback loop")
    verdicts = pack.rows("rpt_feedback_by_channel")
    if not len(verdicts):
        note("No sales feedback in the period (lead_feedback is empty or has no verdicts).")
    else:
        worst = verdicts.iloc[0]
        chart(charts.channel_bars(
            verdicts, "acceptance_rate",
            f"Sales accepted {fmt(worst['acceptance_rate'], 'ratio')} of {worst['channel']} "
            f"leads, the lowest of any channel", pack.label("acceptance_rate"), ".0%"))
        show(pack.table(SECTION, verdicts, [
            Col("channel", "Channel", text=True), Col("sales_verdicts"), Col("accepted_verdicts"),
            Col("rejected_verdicts"), Col("decided_verdicts"),
            Col("acceptance_rate", n="decided_verdicts", small="is_small_sample"),
            Col("avg_lead_rating", n="rated_verdicts")], "channel"))
        campaigns = pack.rows("rpt_feedback_by_campaign")
        show(subtitle("By source campaign (most verdicts)") + pack.table(SECTION, campaigns, [
            Col("campaign_name", "Campaign", text=True), Col("channel", "Channel", text=True),
            Col("sales_verdicts"), Col("accepted_verdicts"), Col("decided_verdicts"),
            Col("acceptance_rate", n="decided_verdicts", small="is_small_sample"),
            Col("avg_lead_rating")], "campaign_id"))
        reasons = pack.rows("rpt_rejection_reasons")
        if len(reasons):
            pack.record(SECTION, reasons, [Col("rejected_verdicts")], "reason")
            chart(charts.category_bars(reasons, "reason", "rejected_verdicts",
                                       f"Top rejection reason: {reasons['reason'].iloc[0]}",
                                       pack.label("rejected_verdicts"), charts.BAD))
    losses = pack.rows("rpt_loss_reasons")
    if not len(losses):
        note("No deals lost in the period.")
        return
    pack.record(SECTION, losses, [Col("lost_deals"), Col("lost_deal_amount")], "loss_reason")
    chart(charts.category_bars(losses, "loss_reason", "lost_deal_amount",
                               f"Most revenue lost to: {losses['loss_reason'].iloc[0]}",
                               pack.money_title("lost_deal_amount"), charts.BAD))
    competitors = pack.rows("rpt_loss_competitors")
    show(subtitle("Loss reasons and competitors") + pack.table(SECTION, competitors, [
        Col("loss_reason", "Loss reason", text=True), Col("competitor", "Competitor", text=True),
        Col("lost_deals"), Col("lost_deal_amount")], "reason_competitor"))
