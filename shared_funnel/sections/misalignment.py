"""9. Cost of misalignment, company-wide: revenue at stake from breached SLAs and the spend
behind rejected leads, by channel, with every input beside the estimate."""

from __future__ import annotations

from shared_funnel import charts
from shared_funnel.sections.base import (Col, Pack, chart, esc, finding, heading, month_label,
                                         note, show, subtitle)

SECTION = "misalignment"
TRAILING = ("trailing_start", "window_end")
INPUTS = [Col("sla_breached_at_month_end"), Col("sla_met_won_rate_12m", window=TRAILING),
          Col("sla_breached_won_rate_12m", window=TRAILING),
          Col("avg_deal_size_12m", window=TRAILING),
          Col("revenue_at_stake"), Col("rejected_leads"), Col("rejected_lead_spend"),
          Col("cost_of_misalignment")]


def misalignment(pack: Pack) -> None:
    p = pack.params
    heading(9, "Cost of misalignment", "company-wide")
    rows = pack.rows("rpt_misalignment", company_wide=True)
    total = rows[rows["channel"] == "all"]
    if not len(total):
        note("No MQLs in the data: the cost of misalignment is left out.")
        return
    t = total.iloc[0]
    finding(f"An estimated {pack.num(SECTION, t, 'cost_of_misalignment', dimension='channel', member='all')}"
            f" at stake in {esc(month_label(p.period))}: "
            f"{pack.num(SECTION, t, 'revenue_at_stake', dimension='channel', member='all')} of "
            f"revenue from "
            f"{pack.num(SECTION, t, 'sla_breached_at_month_end', dimension='channel', member='all')}"
            f" breached SLAs and "
            f"{pack.num(SECTION, t, 'rejected_lead_spend', dimension='channel', member='all')}"
            f" spent on {pack.num(SECTION, t, 'rejected_leads', dimension='channel', member='all')}"
            f" leads sales rejected.")
    channels = rows[rows["channel"] != "all"]
    chart(charts.channel_bars(channels, "cost_of_misalignment",
                              "Cost of misalignment by channel (estimate)",
                              pack.money_title("cost_of_misalignment")))
    show(subtitle("The estimate and its inputs (won rates and deal size: the 12 months ending "
                  "with the month; the total row adds up the channels)")
         + pack.table(SECTION, rows, [Col("channel", "Channel", text=True), *INPUTS],
                      "channel"))
