"""8. Feedback loop: sales verdicts and ratings by channel and campaign, rejection reasons,
loss reasons and competitors (all follow the filters)."""

from __future__ import annotations

from shared_funnel import charts
from shared_funnel.sections.base import Col, Pack, chart, fmt, heading, note, show, subtitle

SECTION = "feedback"


def feedback(pack: Pack) -> None:
    heading(pack, "feedback")
    verdicts = pack.rows("rpt_feedback_by_channel")
    if not len(verdicts):
        note("No sales feedback in the period (lead_feedback is empty or has no verdicts).")
    else:
        worst = verdicts.iloc[0]
        chart(charts.labelled_bars(
            pack.labelled(verdicts, "channel", "channel"),
            "channel_label", "acceptance_rate",
            f"Sales accepted {fmt(worst['acceptance_rate'], 'ratio')} of "
            f"{pack.category('channel', worst['channel'])} leads, the lowest of any channel",
            pack.label("acceptance_rate"), ".0%", pack.palette("channel")))
        show(pack.table(SECTION, verdicts, [
            Col("channel", "Channel", text=True, labels="channel"), Col("sales_verdicts"),
            Col("accepted_verdicts"),
            Col("rejected_verdicts"), Col("decided_verdicts"),
            Col("acceptance_rate", n="decided_verdicts", small="is_small_sample"),
            Col("avg_lead_rating", n="rated_verdicts")], "channel"))
        campaigns = pack.rows("rpt_feedback_by_campaign")
        show(subtitle("By source campaign (most verdicts)") + pack.table(SECTION, campaigns, [
            Col("campaign_name", "Campaign", text=True),
            Col("channel", "Channel", text=True, labels="channel"),
            Col("sales_verdicts"), Col("accepted_verdicts"), Col("decided_verdicts"),
            Col("acceptance_rate", n="decided_verdicts", small="is_small_sample"),
            Col("avg_lead_rating")], "campaign_id"))
        reasons = pack.rows("rpt_rejection_reasons")
        if len(reasons):
            pack.record(SECTION, reasons, [Col("rejected_verdicts")], "reason")
            labelled = reasons.assign(reason_label=[pack.category("reason", r)
                                                    for r in reasons["reason"]])
            chart(charts.labelled_bars(labelled, "reason_label", "rejected_verdicts",
                                       f"Top rejection reason: {labelled['reason_label'].iloc[0]}",
                                       pack.label("rejected_verdicts"), ",.0f",
                                       color=charts.BAD))
    losses = pack.rows("rpt_loss_reasons")
    if not len(losses):
        note("No deals lost in the period.")
        return
    pack.record(SECTION, losses, [Col("lost_deals"), Col("lost_deal_amount")], "loss_reason")
    labelled = pack.labelled(losses, "loss_reason", "reason", "reason_label")
    chart(charts.labelled_bars(labelled, "reason_label", "lost_deal_amount",
                               f"Most revenue lost to: {labelled['reason_label'].iloc[0]}",
                               pack.money_title("lost_deal_amount"), "~s", color=charts.BAD))
    competitors = pack.rows("rpt_loss_competitors")
    show(subtitle("Loss reasons and competitors") + pack.table(SECTION, competitors, [
        Col("loss_reason", "Loss reason", text=True, labels="reason"),
        Col("competitor", "Competitor", text=True, labels="competitor"),
        Col("lost_deals"), Col("lost_deal_amount")], "reason_competitor"))
