"""2. What moved and why: the variance bridges of won revenue (deal count × deal size × FX),
pipeline created (count × average amount, per source) and won deals (MQL volume × the
conversion of each stage) against the comparison month, and the gap to target by segment
(rpt_variance_bridge: start + the parts = end, exactly)."""

from __future__ import annotations

import pandas as pd

from shared_funnel import charts
from shared_funnel.sections.base import (
    Pack,
    chart,
    esc,
    heading,
    month_label,
    note,
    show,
    subtitle,
)
from shared_funnel.sections.formatting import fmt, fmt_change

SECTION = "moved"
COMPARISON_BRIDGES = [("won_revenue", "Won revenue: deal count × deal size × FX"),
                      ("pipeline_created", "Pipeline created: opportunities × average amount, "
                                           "by source"),
                      ("mql_to_won", "Won deals: MQL volume × the conversion of each stage "
                                     "(the months' volumes)")]
TARGET_BRIDGES = [("won_revenue", "Won revenue"), ("pipeline_created", "Pipeline created"),
                  ("mqls", "MQLs")]


def moved(pack: Pack) -> None:
    p = pack.params
    heading(pack, "moved")
    rows = pack.rows("rpt_variance_bridge", comparison=True, order="bridge, step_order")
    if not len(rows):
        note(f"No bridge against {month_label(p.comparison_period)}: that month has no data.")
    for bridge, title in COMPARISON_BRIDGES:
        steps = rows[rows["bridge"] == bridge]
        if not len(steps):
            note(f"{title}: not decomposable against {month_label(p.comparison_period)} "
                 "(a stage had no volume in that month).")
            continue
        draw(pack, steps, f"{title}, {month_label(p.comparison_period)} to "
                          f"{month_label(p.period)}", bridge)
    targets = pack.rows("rpt_variance_bridge", all_regions=True, comparison_filter="target",
                        order="bridge, step_order")
    if p.region != "all":
        note("Against target: targets are set per segment, so the bridge to target is for "
             "all regions.")
    if not len(targets):
        note("No targets for this month and filter: no bridge to target.")
        return
    tables = []
    for bridge, title in TARGET_BRIDGES:
        steps = targets[targets["bridge"] == bridge]
        if len(steps):
            tables.append(f'<div class="sf-col">{subtitle(title + " against target, by segment")}'
                          f"{steps_table(pack, steps, bridge)}</div>")
    show(f'<div class="sf-columns">{"".join(tables)}</div>')


def step_label(pack: Pack, r, bridge: str) -> str:
    if r["step_kind"] == "start":
        return ("Target" if r["comparison"] == "target"
                else month_label(r["window_start"]))
    if r["step_kind"] == "end":
        return "Actual" if r["comparison"] == "target" else month_label(r["window_start"])
    if r["step"] == "segment":
        return pack.category("segment", r["member"])
    label = pack.label(r["metric"])
    if bridge == "pipeline_created":
        return f"{pack.category('source', r['member'])}: {label.lower()}"
    return label


def steps_table(pack: Pack, steps: pd.DataFrame, bridge: str) -> str:
    body = []
    for _, r in steps.iterrows():
        member = (f"{r['comparison']}:{bridge}:{r['step']}:"
                  f"{r['member'] if isinstance(r['member'], str) else ''}")
        value = pack.num(SECTION, r, "value", r["metric"], dimension="bridge_step",
                         member=member, signed=r["step_kind"] == "part")
        css = " sf-total" if r["step_kind"] != "part" else ""
        body.append(f'<tr class="{css.strip()}"><td class="txt">{esc(step_label(pack, r, bridge))}'
                    f'</td><td class="num">{value}</td></tr>')
    return ('<table class="sf-table sf-bridge"><thead><tr><th class="txt">Step</th>'
            f'<th class="num">Value</th></tr></thead><tbody>{"".join(body)}</tbody></table>')


def draw(pack: Pack, steps: pd.DataFrame, title: str, bridge: str) -> None:
    unit = pack.unit(steps.iloc[0]["metric"])
    frame = steps.assign(
        step_label=[step_label(pack, r, bridge) for _, r in steps.iterrows()],
        value_text=[fmt_change(r["value"], unit, pack.currency) if r["step_kind"] == "part"
                    else fmt(r["value"], unit, pack.currency) for _, r in steps.iterrows()],
        kind=steps["bar_kind"])[["step_label", "value_text", "kind", "bar_from", "bar_to",
                                 "bar_top"]]
    x_title = (f"{pack.label(steps.iloc[0]['metric'])} ({pack.currency})" if unit == "currency"
               else pack.label(steps.iloc[0]["metric"]))
    chart(charts.waterfall(frame, title, x_title, "~s" if unit == "currency" else ",.0f"))
    show(steps_table(pack, steps, bridge))
