"""9. Cost of misalignment, company-wide: revenue at stake from breached SLAs and the spend
behind rejected leads, by channel, with every input beside the estimate."""

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
)

SECTION = "misalignment"
TRAILING = ("trailing_start", "window_end")
SLA_INPUTS = [Col("sla_breached_at_month_end"),
              Col("sla_met_won_deals_12m", "Won of SLA-met, 12 m", window=TRAILING),
              Col("sla_met_mqls_12m", "SLA-met MQLs, 12 m", window=TRAILING),
              Col("sla_met_won_rate_12m", window=TRAILING, n="sla_met_mqls_12m"),
              Col("sla_breached_won_deals_12m", "Won of breached, 12 m", window=TRAILING),
              Col("sla_breached_mqls_12m", "Breached MQLs, 12 m", window=TRAILING),
              Col("sla_breached_won_rate_12m", window=TRAILING, n="sla_breached_mqls_12m")]
ESTIMATE = [Col("sla_breached_at_month_end"), Col("avg_deal_size_12m", window=TRAILING),
            Col("revenue_at_stake"), Col("rejected_leads"), Col("rejected_lead_spend"),
            Col("cost_of_misalignment")]


def misalignment(pack: Pack) -> None:
    p = pack.params
    heading(pack, "misalignment", "company-wide")
    rows = pack.rows("rpt_misalignment", company_wide=True)
    total = rows[rows["channel"] == "all"]
    if not len(total):
        note("No MQLs in the data: the cost of misalignment is left out.")
        return
    t = total.iloc[0]

    def of_all(column: str) -> str:
        return pack.num(SECTION, t, column, dimension="channel", member="all")

    finding(f"An estimated {of_all('cost_of_misalignment')} at stake in "
            f"{esc(month_label(p.period))}: {of_all('revenue_at_stake')} of revenue from "
            f"{of_all('sla_breached_at_month_end')} MQLs whose SLA was breached by the month's "
            f"end and {of_all('rejected_lead_spend')} spent on {of_all('rejected_leads')} leads "
            f"sales rejected.")
    channels = rows[rows["channel"] != "all"]
    chart(charts.labelled_bars(
        pack.labelled(channels, "channel", "channel"),
        "channel_label", "cost_of_misalignment", "Cost of misalignment by channel (estimate)",
        pack.money_title("cost_of_misalignment"), "~s", pack.palette("channel")))
    channel = Col("channel", "Channel", text=True, labels="channel")
    show(pack.table(SECTION, rows, [channel, *ESTIMATE], "channel",
                    title="The estimate by channel (the total row adds up the channels)"))
    show(pack.table(SECTION, rows, [channel, *SLA_INPUTS], "channel",
                    title="Its inputs: won rates of SLA-met and breached MQLs, the 12 months "
                          "ending with the month"))
