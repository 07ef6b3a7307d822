"""Altair chart builders for the meeting pack: one colour per channel in every chart,
titles that state the finding, axis titles with units, targets drawn as rules.

Charts get aggregated frames (a few dozen rows), never raw records.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from shared_funnel.contract import CHANNELS

WIDTH = 620
# One colour per channel, the same in every chart (Tableau 10, then greys).
CHANNEL_DOMAIN = [*CHANNELS, "no_lead", "unknown"]
CHANNEL_RANGE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
                 "#ff9da7", "#9c755f", "#bab0ac", "#d3d3d3", "#888888"]
GOOD, BAD, NEUTRAL, TARGET = "#2e7d32", "#c62828", "#4e79a7", "#333333"


def channel_color(field: str = "channel", legend: bool = True) -> alt.Color:
    return alt.Color(f"{field}:N", title="Channel",
                     scale=alt.Scale(domain=CHANNEL_DOMAIN, range=CHANNEL_RANGE),
                     legend=alt.Legend() if legend else None)


def enable_offline_svg() -> None:
    """Charts render to inline SVG (vl-convert): the pack draws with the network off."""
    alt.renderers.enable("svg")
    alt.data_transformers.disable_max_rows()  # frames are aggregated before they get here


def bars_with_target(data: pd.DataFrame, x: str, y: str, target: str | None, title: str,
                     y_title: str, x_title: str = "Month", highlight: str | None = None
                     ) -> alt.LayerChart | alt.Chart:
    """Monthly bars with the target of each month drawn as a rule across its bar."""
    color = alt.value(NEUTRAL)
    if highlight is not None:
        color = alt.condition(alt.datum[x] == highlight, alt.value(NEUTRAL), alt.value("#a9c1dc"))
    base = alt.Chart(data).encode(x=alt.X(f"{x}:O", title=x_title))
    bars = base.mark_bar().encode(
        y=alt.Y(f"{y}:Q", title=y_title, axis=alt.Axis(format="~s")), color=color,
        tooltip=[alt.Tooltip(f"{x}:O"), alt.Tooltip(f"{y}:Q", format=",.0f")])
    if target is None:
        return bars.properties(title=title, width=WIDTH, height=220)
    rules = base.mark_tick(color=TARGET, thickness=2, size=28).encode(
        y=alt.Y(f"{target}:Q"), tooltip=[alt.Tooltip(f"{target}:Q", format=",.0f")])
    return (bars + rules).properties(title=alt.Title(title, subtitle="Black tick: target"),
                                     width=WIDTH, height=220)


def channel_bars(data: pd.DataFrame, value: str, title: str, x_title: str,
                 fmt: str = ",.0f", channel: str = "channel") -> alt.Chart:
    """Horizontal bars per channel, longest first, in the channel's colour."""
    return alt.Chart(data).mark_bar().encode(
        y=alt.Y(f"{channel}:N", title=None, sort="-x"),
        x=alt.X(f"{value}:Q", title=x_title, axis=alt.Axis(format=fmt)),
        color=channel_color(channel, legend=False),
        tooltip=[alt.Tooltip(f"{channel}:N"), alt.Tooltip(f"{value}:Q", format=fmt)],
    ).properties(title=title, width=WIDTH - 120, height=max(80, 22 * len(data)))


def stage_funnel(data: pd.DataFrame, title: str) -> alt.Chart:
    """Stage volumes as bars in funnel order, labelled with the count."""
    order = list(data["stage"])
    bars = alt.Chart(data).mark_bar(color=NEUTRAL).encode(
        y=alt.Y("stage:N", sort=order, title=None),
        x=alt.X("volume:Q", title="Count in the period"),
        tooltip=["stage:N", alt.Tooltip("volume:Q", format=",")])
    labels = bars.mark_text(align="left", dx=4).encode(text=alt.Text("volume:Q", format=",.0f"))
    return (bars + labels).properties(title=title, width=WIDTH - 120, height=180)


def trend(data: pd.DataFrame, x: str, y: str, title: str, y_title: str, fmt: str = ",.2f"
          ) -> alt.Chart:
    data = data.assign(**{x: pd.to_datetime(data[x])})
    encoding = {"x": alt.X(f"{x}:T", title="Month", axis=alt.Axis(format="%b %y")),
                "y": alt.Y(f"{y}:Q", title=y_title, axis=alt.Axis(format=fmt)),
                "tooltip": [alt.Tooltip(f"{x}:T", format="%b %Y"),
                            alt.Tooltip(f"{y}:Q", format=fmt)]}
    return alt.Chart(data).mark_line(point=True).encode(**encoding).properties(
        title=title, width=WIDTH, height=200)


def stage_bars(data: pd.DataFrame, title: str, y_title: str) -> alt.Chart:
    """Open pipeline by stage at period end, in stage order (the rows' order)."""
    return alt.Chart(data).mark_bar(color=NEUTRAL).encode(
        x=alt.X("stage_name:N", title="Stage at month end", sort=None),
        y=alt.Y("open_pipeline:Q", title=y_title, axis=alt.Axis(format="~s")),
        tooltip=["stage_name:N", alt.Tooltip("open_deals:Q", format=","),
                 alt.Tooltip("open_pipeline:Q", format=",.0f")],
    ).properties(title=title, width=WIDTH, height=200)


def bucket_bars(data: pd.DataFrame, title: str) -> alt.Chart:
    order = list(dict.fromkeys(data.sort_values("bucket_order")["bucket"]))
    return alt.Chart(data).mark_bar().encode(
        x=alt.X("bucket:N", sort=order, title="Time from MQL to first sales touch"),
        y=alt.Y("mqls_by_time_to_first_touch:Q", title="MQLs"),
        color=alt.Color("team:N", title="Team"),
        xOffset="team:N",
        tooltip=["team:N", "bucket:N", alt.Tooltip("mqls_by_time_to_first_touch:Q", format=",")],
    ).properties(title=title, width=WIDTH, height=220)


def category_bars(data: pd.DataFrame, category: str, value: str, title: str, x_title: str,
                  color: str = NEUTRAL, fmt: str = ",.0f") -> alt.Chart:
    return alt.Chart(data).mark_bar(color=color).encode(
        y=alt.Y(f"{category}:N", title=None, sort="-x"),
        x=alt.X(f"{value}:Q", title=x_title),
        tooltip=[f"{category}:N", alt.Tooltip(f"{value}:Q", format=fmt)],
    ).properties(title=title, width=WIDTH - 160, height=max(80, 22 * len(data)))
