"""What every section shares: the open pack, the queries, and the number registry.

A section reads its rpt_ models with `pack.rows(...)` (`select * from rpt_… where
<parameters> order by sort_order`) and shows each number through `pack.num(...)` or
`pack.table(...)`. Both format the value by its metric's unit (from the glossary) and
record it for meeting-pack.json: section, metric, value, unit, segment, region, window,
basis, and the breakdown (dimension/member) it belongs to. The HTML cell carries the
entry's index (`data-n`), so a test can check that the page shows the JSON's values.

There is no arithmetic here: every number is final when it leaves the warehouse.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd
from IPython.display import HTML, display

from shared_funnel import charts
from shared_funnel.sections.formatting import fmt, fmt_change, month_label
from shared_funnel.warehouse import Params, connect, resolve

MODEL_NAME = re.compile(r"^rpt_[a-z0-9_]+$")


@dataclass(frozen=True)
class Col:
    """A table column. `column` is the frame's column; a number column's metric is
    `metric`, or the value of the row's `metric_from` column, or else the column's own
    name. `window` names the row's date columns the number covers; `n` the column with a
    rate's sample size and `small` the column that marks a small sample."""

    column: str
    label: str | None = None
    text: bool = False
    metric: str | None = None
    metric_from: str | None = None
    window: tuple[str, str] = ("window_start", "window_end")
    n: str | None = None
    small: str | None = None


@dataclass
class Pack:
    con: duckdb.DuckDBPyConnection
    params: Params
    currency: str
    glossary: pd.DataFrame
    numbers: list[dict] = field(default_factory=list)

    # ---- queries: rpt_ models only, filtered by the parameters -------------------------
    def rows(self, model: str, company_wide: bool = False, by_model: bool = False,
             comparison: bool = False, segment_rows: bool = False, all_regions: bool = False,
             order: str = "sort_order", **equal) -> pd.DataFrame:
        """Rows of one rpt_ model for this pack: its period, its segment and region (or
        'all' for a company-wide model; with segment_rows, every segment the filter
        allows; with all_regions, region 'all'), and its attribution model or comparison
        when asked."""
        if not MODEL_NAME.match(model) or not re.match(r"^[a-z0-9_, ]+$", order):
            raise ValueError(f"the pack reads rpt_ models only, not {model!r}")
        p = self.params
        where, values = ["period = ?"], [p.period]
        if segment_rows:
            where.append("(? = 'all' or segment = ?)")
            values += [p.segment, p.segment]
        else:
            where.append("segment = ?")
            values.append("all" if company_wide else p.segment)
        where.append("region = ?")
        values.append("all" if company_wide or all_regions else p.region)
        if by_model:
            where.append("model = ?")
            values.append(p.model)
        if comparison:
            where.append("comparison = ?")
            values.append(p.comparison)
        for column, value in equal.items():
            where.append(f"{column} = ?")
            values.append(value)
        sql = f"select * from {model} where {' and '.join(where)} order by {order}"
        return self.con.execute(sql, values).df()

    def reference(self, model: str, order: str = "sort_order", **equal) -> pd.DataFrame:
        """A small rpt_ model that is not per period (settings, glossary, data quality)."""
        if not MODEL_NAME.match(model) or not re.match(r"^[a-z0-9_, ]+$", order):
            raise ValueError(f"the pack reads rpt_ models only, not {model!r}")
        where = " and ".join(f"{column} = ?" for column in equal) or "true"
        return self.con.execute(f"select * from {model} where {where} order by {order}",
                                list(equal.values())).df()

    # ---- the glossary -----------------------------------------------------------------
    def unit(self, metric: str) -> str:
        return str(self.glossary.loc[metric, "unit"])

    def label(self, metric: str) -> str:
        return str(self.glossary.loc[metric, "label"])

    def basis(self, metric: str) -> str:
        return str(self.glossary.loc[metric, "basis"])

    def higher_is_better(self, metric: str) -> bool:
        return bool(self.glossary.loc[metric, "higher_is_better"])

    # ---- numbers ----------------------------------------------------------------------
    def num(self, section: str, row, column: str, metric: str | None = None,
            window: tuple[str, str] = ("window_start", "window_end"),
            dimension: str | None = None, member: str | None = None,
            n: str | None = None, small: str | None = None, css: str = "",
            signed: bool = False, basis: str | None = None) -> str:
        """One number of a row, formatted and recorded; returns its HTML."""
        metric = metric or column
        if metric not in self.glossary.index:
            raise KeyError(f"{metric} is shown but has no metric_definitions entry")
        value = plain(row[column])
        unit = self.unit(metric)
        entry = {
            "section": section, "metric": metric, "value": value, "unit": unit,
            "segment": str(row["segment"]), "region": str(row["region"]),
            "window_start": iso(row[window[0]]), "window_end": iso(row[window[1]]),
            "basis": basis or str(self.glossary.loc[metric, "basis"]),
        }
        if dimension is not None:
            entry["dimension"] = dimension
            entry["member"] = str(member)
        text = fmt_change(value, unit) if signed else fmt(value, unit, self.currency)
        if n is not None:
            entry["sample_size"] = plain(row[n])
            if small is not None and bool(row[small]) and value is not None:
                entry["small_sample"] = True
                text = f"{text} (small sample, n = {fmt(entry['sample_size'], 'count')})"
        index = len(self.numbers)
        self.numbers.append(entry)
        return (f'<span class="sf-n {css}" data-n="{index}" data-metric="{esc(metric)}">'
                f"{esc(text)}</span>")

    def record(self, section: str, frame: pd.DataFrame, cols: list[Col],
               dimension: str | None = None) -> None:
        """Record the numbers a chart draws (the chart shows them; the JSON lists them)."""
        for _, row in frame.iterrows():
            for col in cols:
                self._cell(section, row, col, dimension)

    def _cell(self, section: str, row, col: Col, dimension: str | None) -> str:
        if col.text:
            return esc(text_value(row[col.column]))
        metric = col.metric or (row[col.metric_from] if col.metric_from else col.column)
        return self.num(section, row, col.column, metric, col.window, dimension,
                        row[dimension] if dimension else None, col.n, col.small)

    def table(self, section: str, frame: pd.DataFrame, cols: list[Col],
              dimension: str | None = None) -> str:
        """An HTML table of the frame's rows: text escaped, numbers formatted and recorded.
        `dimension` is the column that names the breakdown member of each row."""
        head = "".join(
            f'<th class="{"txt" if c.text else "num"}">{esc(self.header(c))}</th>'
            for c in cols)
        body = []
        for _, row in frame.iterrows():
            cells = [f'<td class="{"txt" if c.text else "num"}">'
                     f"{self._cell(section, row, c, dimension)}</td>" for c in cols]
            body.append("<tr>" + "".join(cells) + "</tr>")
        return (f'<table class="sf-table"><thead><tr>{head}</tr></thead>'
                f'<tbody>{"".join(body)}</tbody></table>')

    def header(self, col: Col) -> str:
        if col.label:
            return col.label
        if col.text or col.metric_from:
            return col.column.replace("_", " ")
        return self.label(col.metric or col.column)

    def money_title(self, metric: str) -> str:
        """An axis title for money: the metric's label and the currency code."""
        return f"{self.label(metric)} ({self.currency})"

    def write_numbers(self, path: str | Path) -> None:
        payload = {"parameters": self.params.as_dict(), "as_of": self.params.as_of,
                   "reporting_currency": self.currency, "numbers": self.numbers}
        Path(path).write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n",
                              encoding="utf-8")

    def shown_metrics(self) -> list[str]:
        return list(dict.fromkeys(entry["metric"] for entry in self.numbers))


def open_pack(period: str | None = None, comparison: str = "prior_period", segment: str = "all",
              region: str = "all", model: str = "linear", warehouse: str | None = None) -> Pack:
    """Connect read-only, validate the parameters, load the glossary."""
    charts.enable_offline_svg()
    con = connect(warehouse)
    # One thread: a parallel sum of doubles can differ in its last bits from run to run, and
    # the pack must be byte-identical for the same warehouse.
    con.execute("set threads = 1")
    params = resolve(con, period, comparison, segment, region, model)
    settings = dict(con.execute(
        "select setting, setting_value from rpt_pack_settings order by sort_order").fetchall())
    glossary = con.execute("select * from rpt_glossary order by sort_order").df().set_index(
        "metric", drop=False)
    return Pack(con, params, settings.get("reporting_currency", "USD"), glossary)


# ---- small helpers ---------------------------------------------------------------------
def esc(value) -> str:
    return html.escape("" if value is None else str(value))


def plain(value):
    """A JSON-ready scalar: None for null or NaN, else the Python value."""
    if value is None or isinstance(value, (str, bool)):
        return value
    if pd.isna(value):
        return None
    return value.item() if hasattr(value, "item") else value


def has(value) -> bool:
    """The cell holds a value (not null or NaN)."""
    return plain(value) is not None


def iso(value) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, (pd.Timestamp, datetime)):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)[:10]


def text_value(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "—"
    return str(value)


def show(markup: str) -> None:
    display(HTML(markup))


def chart(altair_chart) -> None:
    display(altair_chart)


def heading(number: int, title: str, scope: str | None = None) -> None:
    """A section heading; `scope` says what the section covers when it does not follow the
    filters (e.g. 'company-wide')."""
    suffix = f' <span class="sf-scope">{esc(scope)}</span>' if scope else ""
    show(f'<div class="sf-section"><h2>{number}. {esc(title)}{suffix}</h2></div>')


def note(text: str) -> None:
    show(f'<p class="sf-note">{esc(text)}</p>')


def finding(markup: str) -> None:
    """A sentence built from escaped text and pack.num() spans."""
    show(f'<p class="sf-finding">{markup}</p>')


def subtitle(text: str) -> str:
    return f"<b>{esc(text)}</b>"


def filters_text(pack: Pack) -> str:
    p = pack.params
    parts = [f"segment {p.segment}" if p.segment != "all" else "all segments",
             f"region {p.region}" if p.region != "all" else "all regions"]
    return ", ".join(parts)


__all__ = ["Col", "Pack", "open_pack", "esc", "has", "heading", "note", "finding", "show", "chart",
           "subtitle", "month_label", "filters_text", "text_value", "fmt"]
