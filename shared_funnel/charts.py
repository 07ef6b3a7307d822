"""Altair chart builders for the meeting pack: one colour per channel and per team in every
chart (the labels seed), titles that state the finding, axis titles with units, months as
"Oct 2026", no rotated labels, targets drawn as ticks.

Charts get aggregated frames (a few dozen rows) whose categories are already labelled,
never raw records. They are drawn at the page's width and scale down with it.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

WIDTH = 860
GOOD, BAD, NEUTRAL, TARGET, LIGHT = "#2e7d32", "#c62828", "#4e79a7", "#333333", "#a9c1dc"


def enable_offline_svg() -> None:
    """Charts render to inline SVG (vl-convert): the pack draws with the network off."""
    alt.renderers.enable("svg")
    alt.data_transformers.disable_max_rows()  # frames are aggregated before they get here


def category_color(field: str, title: str, palette: tuple[list[str], list[str]],
                   legend: bool = True) -> alt.Color:
    domain, colours = palette
    return alt.Color(f"{field}:N", title=title, scale=alt.Scale(domain=domain, range=colours),
                     legend=alt.Legend(orient="bottom", labelLimit=220) if legend else None)


def months_axis(title: str = "Month") -> alt.Axis:
    return alt.Axis(title=title, labelAngle=0, labelOverlap="greedy")


def bars_with_target(data: pd.DataFrame, x: str, y: str, target: str | None, title: str,
                     y_title: str, highlight: str | None = None, y_format: str = "~s"
                     ) -> alt.LayerChart | alt.Chart:
    """Monthly bars (x holds month labels, in the frame's order) with the target of each
    month drawn as a tick across its bar."""
    order = list(data[x])
    color = alt.value(NEUTRAL)
    if highlight is not None:
        color = alt.condition(alt.datum[x] == highlight, alt.value(NEUTRAL), alt.value(LIGHT))
    base = alt.Chart(data).encode(x=alt.X(f"{x}:O", sort=order, axis=months_axis()))
    bars = base.mark_bar().encode(
        y=alt.Y(f"{y}:Q", title=y_title, axis=alt.Axis(format=y_format)), color=color,
        tooltip=[alt.Tooltip(f"{x}:O", title="Month"), alt.Tooltip(f"{y}:Q", format=",.0f")])
    if target is None:
        return bars.properties(title=title, width=WIDTH, height=220)
    rules = base.mark_tick(color=TARGET, thickness=2, size=36).encode(
        y=alt.Y(f"{target}:Q"), tooltip=[alt.Tooltip(f"{target}:Q", format=",.0f")])
    return (bars + rules).properties(title=alt.Title(title, subtitle="Black tick: target"),
                                     width=WIDTH, height=220)


def labelled_bars(data: pd.DataFrame, category: str, value: str, title: str, x_title: str,
                  fmt: str = "~s", palette: tuple[list[str], list[str]] | None = None,
                  color: str = NEUTRAL) -> alt.Chart:
    """Horizontal bars per category (labelled), longest first; coloured by the category's
    own colour when a palette is given."""
    encoding = {"y": alt.Y(f"{category}:N", title=None, sort="-x",
                           axis=alt.Axis(labelLimit=260)),
                "x": alt.X(f"{value}:Q", title=x_title, axis=alt.Axis(format=fmt)),
                "tooltip": [alt.Tooltip(f"{category}:N"), alt.Tooltip(f"{value}:Q", format=",")]}
    mark = alt.Chart(data).mark_bar()
    if palette is not None:
        encoding["color"] = category_color(category, category, palette, legend=False)
    else:
        mark = alt.Chart(data).mark_bar(color=color)
    return mark.encode(**encoding).properties(title=title, width=WIDTH - 260,
                                              height=max(80, 24 * len(data)))


def stage_funnel(data: pd.DataFrame, title: str) -> alt.Chart:
    """Stage volumes as bars in funnel order, labelled with the count."""
    order = list(data["stage"])
    bars = alt.Chart(data).mark_bar(color=NEUTRAL).encode(
        y=alt.Y("stage:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X("volume:Q", title="Count in the period", axis=alt.Axis(format="~s")),
        tooltip=["stage:N", alt.Tooltip("volume:Q", format=",")])
    labels = bars.mark_text(align="left", dx=4).encode(text=alt.Text("volume:Q", format=",.0f"))
    return (bars + labels).properties(title=title, width=WIDTH - 260, height=200)


def trend(data: pd.DataFrame, x: str, y: str, title: str, y_title: str, fmt: str = ",.2f"
          ) -> alt.Chart:
    """A monthly line; x holds month labels in the frame's order."""
    order = list(data[x])
    return alt.Chart(data).mark_line(point=True, color=NEUTRAL).encode(
        x=alt.X(f"{x}:O", sort=order, axis=months_axis()),
        y=alt.Y(f"{y}:Q", title=y_title, axis=alt.Axis(format=fmt)),
        tooltip=[alt.Tooltip(f"{x}:O", title="Month"), alt.Tooltip(f"{y}:Q", format=fmt)],
    ).properties(title=title, width=WIDTH, height=200)


def stage_bars(data: pd.DataFrame, title: str, y_title: str) -> alt.Chart:
    """Open pipeline by stage at period end, in stage order (the rows' order)."""
    return alt.Chart(data).mark_bar(color=NEUTRAL).encode(
        x=alt.X("stage_name:N", title="Stage at month end", sort=None,
                axis=alt.Axis(labelAngle=0)),
        y=alt.Y("open_pipeline:Q", title=y_title, axis=alt.Axis(format="~s")),
        tooltip=["stage_name:N", alt.Tooltip("open_deals:Q", format=","),
                 alt.Tooltip("open_pipeline:Q", format=",.0f")],
    ).properties(title=title, width=WIDTH, height=200)


def bucket_bars(data: pd.DataFrame, title: str, palette: tuple[list[str], list[str]]
                ) -> alt.Chart:
    order = list(dict.fromkeys(data.sort_values("bucket_order")["bucket"]))
    return alt.Chart(data).mark_bar().encode(
        x=alt.X("bucket:N", sort=order, title="Time from MQL to first sales touch",
                axis=alt.Axis(labelAngle=0)),
        y=alt.Y("mqls_by_time_to_first_touch:Q", title="MQLs"),
        color=category_color("team", "Team", palette),
        xOffset="team:N",
        tooltip=["team:N", "bucket:N", alt.Tooltip("mqls_by_time_to_first_touch:Q", format=",")],
    ).properties(title=title, width=WIDTH, height=220)


def waterfall(data: pd.DataFrame, title: str, x_title: str, x_format: str = "~s") -> alt.Chart:
    """A variance bridge, top to bottom: start and end as full bars, each part floating from
    bar_from to bar_to (the warehouse's running total), green when it adds, red when it
    takes away. `step_label` names the bars in order, `value_text` is the formatted value."""
    order = list(data["step_label"])
    colour = alt.Color("kind:N", title=None, legend=None,
                       scale=alt.Scale(domain=["level", "up", "down"],
                                       range=[NEUTRAL, GOOD, BAD]))
    base = alt.Chart(data).encode(
        y=alt.Y("step_label:N", sort=order, title=None, axis=alt.Axis(labelLimit=300)))
    bars = base.mark_bar(size=18).encode(
        x=alt.X("bar_from:Q", title=x_title, axis=alt.Axis(format=x_format)),
        x2="bar_to:Q", color=colour, tooltip=["step_label:N", "value_text:N"])
    text = base.mark_text(align="left", dx=4, fontSize=11).encode(x="bar_top:Q",
                                                                  text="value_text:N")
    return (bars + text).properties(title=title, width=WIDTH - 320,
                                    height=26 * len(data))


def sparkline(data: pd.DataFrame, y: str) -> alt.Chart:
    """A 12-month line without axes for a KPI tile; the period's point is marked."""
    order = list(data["month_label"])
    base = alt.Chart(data).encode(
        x=alt.X("month_label:O", sort=order, axis=None),
        y=alt.Y(f"{y}:Q", axis=None, scale=alt.Scale(zero=False)))
    line = base.mark_line(color=NEUTRAL, strokeWidth=1.5)
    point = base.mark_point(color=NEUTRAL, filled=True, size=30).transform_filter(
        alt.datum.is_period)
    return (line + point).properties(width=150, height=34).configure_view(stroke=None)


def coverage_trend(data: pd.DataFrame, title: str, needed: float | None) -> alt.Chart:
    """Quarter pipeline coverage at each week's end, one line per stage threshold (the
    frame's `from_stage` labels, in its order), and the coverage needed as a dashed rule."""
    order = list(dict.fromkeys(data["point"]))
    stages = list(dict.fromkeys(data["from_stage"]))
    shades = [NEUTRAL, LIGHT, "#76b7b2", "#59a14f"][: len(stages)]
    lines = alt.Chart(data).mark_line(point=True).encode(
        x=alt.X("point:O", sort=order, axis=months_axis("End of week (fiscal quarter to date)")),
        y=alt.Y("quarter_pipeline_coverage:Q", title="Coverage (×)", axis=alt.Axis(format=".1f")),
        color=alt.Color("from_stage:N", title="Deals counted", sort=stages,
                        scale=alt.Scale(domain=stages, range=shades),
                        legend=alt.Legend(orient="bottom")),
        tooltip=["point:O", "from_stage:N",
                 alt.Tooltip("quarter_pipeline_coverage:Q", format=".2f")],
    )
    layers = [lines]
    if needed is not None and needed == needed:
        rule = alt.Chart(pd.DataFrame({"needed": [needed]})).mark_rule(
            color=TARGET, strokeDash=[4, 4]).encode(y="needed:Q")
        label = alt.Chart(pd.DataFrame({"needed": [needed], "text": [
            f"needed at the trailing win rate: {needed:.1f}×"]})).mark_text(
            align="left", dx=4, dy=-6, color=TARGET).encode(
            y="needed:Q", x=alt.value(0), text="text:N")
        layers += [rule, label]
    return alt.layer(*layers).properties(title=title, width=WIDTH, height=220)


def cohort_curves(data: pd.DataFrame, title: str) -> alt.Chart:
    """One panel per milestone (SQL, opportunity, won): the share of each MQL cohort that
    reached it within N days; an open point is an immature cohort (it can still rise), as
    the title says."""
    cohorts = list(dict.fromkeys(data["cohort"]))
    shades = ["#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08306b"][-len(cohorts):]
    base = alt.Chart(data).encode(
        x=alt.X("days_after_mql:O", title="Days after MQL", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("share:Q", title="Share of the cohort's MQLs", axis=alt.Axis(format=".0%")),
        color=alt.Color("cohort:N", title="MQL cohort", sort=cohorts,
                        scale=alt.Scale(domain=cohorts, range=shades),
                        legend=alt.Legend(orient="bottom")),
        tooltip=["cohort:N", "milestone:N", "days_after_mql:O",
                 alt.Tooltip("share:Q", format=".1%"), "maturity:N"],
    )
    lines = base.mark_line()
    mature = base.mark_point(size=45, filled=True, opacity=1).transform_filter(
        "datum.maturity == 'mature'")
    immature = base.mark_point(size=45, filled=False, opacity=1).transform_filter(
        "datum.maturity != 'mature'")
    return alt.layer(lines, mature, immature, data=data).properties(width=250, height=180).facet(
        column=alt.Column("milestone:N", title=None, sort=["SQL", "Opportunity", "Won"]),
    ).resolve_scale(y="independent").properties(title=title)
