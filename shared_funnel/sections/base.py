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

import pandas as pd
from IPython.display import HTML, display

from shared_funnel import charts
from shared_funnel.engines import Connection
from shared_funnel.notes import Notes, default_notes_dir
from shared_funnel.notes import load as load_notes
from shared_funnel.sections.formatting import as_of_label, fmt, fmt_change, month_label
from shared_funnel.warehouse import Params, connect, resolve, valid_values

MODEL_NAME = re.compile(r"^rpt_[a-z0-9_]+$")
WIDE_COLUMNS = 9  # more than A4 portrait holds: split the table (DECISIONLOG)


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
    labels: str | None = None  # a text column of codes: the labels seed's dimension
    code: bool = False  # a name to type (a var, a metric): shown as code, never relabelled


@dataclass
class Pack:
    con: Connection
    params: Params
    currency: str
    glossary: pd.DataFrame
    labels: dict = field(default_factory=dict)
    colors: dict = field(default_factory=dict)
    notes: Notes = field(default_factory=Notes)
    numbers: list[dict] = field(default_factory=list)
    headlines: list[dict] = field(default_factory=list)  # the tiles, for reports/index.html

    # ---- queries: rpt_ models only, filtered by the parameters -------------------------
    def rows(self, model: str, company_wide: bool = False, by_model: bool = False,
             comparison: bool = False, segment_rows: bool = False, all_regions: bool = False,
             order: str = "sort_order", comparison_filter: str | None = None,
             **equal) -> pd.DataFrame:
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
        if comparison or comparison_filter:
            where.append("comparison = ?")
            values.append(comparison_filter or p.comparison)
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

    def category(self, dimension: str, code) -> str:
        """A code's human label (rpt_labels); a code the seed lacks loses its underscores."""
        if code is None or (not isinstance(code, str) and pd.isna(code)):
            return "—"
        return self.labels.get((dimension, str(code))) or humanize(str(code))

    def labelled(self, frame: pd.DataFrame, column: str, dimension: str,
                 to: str = "channel_label") -> pd.DataFrame:
        """The frame with a column of the codes' human labels, for a chart."""
        return frame.assign(**{to: [self.category(dimension, c) for c in frame[column]]})

    def palette(self, dimension: str) -> tuple[list[str], list[str]]:
        """The labels and colours of a dimension's categories, for a chart's colour scale."""
        pairs = [(self.category(dimension, code), colour)
                 for (dim, code), colour in self.colors.items() if dim == dimension]
        return [label for label, _ in pairs], [colour for _, colour in pairs]

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
        text = fmt_change(value, unit, self.currency) if signed else fmt(value, unit, self.currency)
        marker = ""
        if n is not None:
            entry["sample_size"] = plain(row[n])
            if small is not None and bool(row[small]) and value is not None:
                entry["small_sample"] = True
                marker = (f' <span class="sf-small">(small sample, n = '
                          f"{fmt(entry['sample_size'], 'count')})</span>")
        index = len(self.numbers)
        self.numbers.append(entry)
        return (f'<span class="sf-n {css}" data-n="{index}" data-metric="{esc(metric)}">'
                f"{esc(text)}</span>{marker}")

    def record(self, section: str, frame: pd.DataFrame, cols: list[Col],
               dimension: str | None = None) -> None:
        """Record the numbers a chart draws (the chart shows them; the JSON lists them)."""
        for _, row in frame.iterrows():
            for col in cols:
                self._cell(section, row, col, dimension)

    def _cell(self, section: str, row, col: Col, dimension: str | None) -> str:
        if col.text and col.labels:
            return esc(self.category(col.labels, row[col.column]))
        if col.text and col.code:
            return f"<code>{esc(text_value(row[col.column]))}</code>"
        if col.text:
            return esc(text_value(row[col.column]))
        metric = col.metric or (row[col.metric_from] if col.metric_from else col.column)
        return self.num(section, row, col.column, metric, col.window, dimension,
                        row[dimension] if dimension else None, col.n, col.small)

    def table(self, section: str, frame: pd.DataFrame, cols: list[Col],
              dimension: str | None = None, title: str | None = None) -> str:
        """An HTML table of the frame's rows: text escaped, numbers formatted and recorded.
        `dimension` is the column that names the breakdown member of each row."""
        if len(cols) > WIDE_COLUMNS:
            raise ValueError(f"a pack table has at most {WIDE_COLUMNS} columns, not {len(cols)}")
        head = "".join(
            f'<th class="{"txt" if c.text else "num"}">{esc(self.header(c))}</th>'
            for c in cols)
        body = []
        for _, row in frame.iterrows():
            cells = [f'<td class="{"txt" if c.text else "num"}">'
                     f"{self._cell(section, row, c, dimension)}</td>" for c in cols]
            body.append("<tr>" + "".join(cells) + "</tr>")
        table = (f'<table class="sf-table"><thead><tr>{head}</tr></thead>'
                 f'<tbody>{"".join(body)}</tbody></table>')
        return f'<div class="sf-block">{subtitle(title)}{table}</div>' if title else table

    def header(self, col: Col) -> str:
        if col.label:
            return col.label
        if col.text or col.metric_from:
            return humanize(col.column)
        return self.label(col.metric or col.column)

    def money_title(self, metric: str) -> str:
        """An axis title for money: the metric's label and the currency code."""
        return f"{self.label(metric)} ({self.currency})"

    def write_numbers(self, path: str | Path) -> None:
        p = self.params
        shown = {"period": month_label(p.period),
                 "comparison": self.category("comparison", p.comparison),
                 "segment": self.category("segment", p.segment),
                 "region": self.category("region", p.region),
                 "model": self.category("model", p.model),
                 "as_of": as_of_label(p.as_of, True)}
        payload = {"parameters": p.as_dict(), "parameter_labels": shown, "as_of": p.as_of,
                   "reporting_currency": self.currency, "headlines": self.headlines,
                   "numbers": self.numbers}
        Path(path).write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n",
                              encoding="utf-8")

    def shown_metrics(self) -> list[str]:
        return list(dict.fromkeys(entry["metric"] for entry in self.numbers))


def open_pack(period: str | None = None, comparison: str = "prior_period", segment: str = "all",
              region: str = "all", model: str = "linear", warehouse: str | None = None,
              notes_dir: str | None = None) -> Pack:
    """Connect read-only, validate the parameters, load the glossary."""
    charts.enable_offline_svg()
    con = connect(warehouse)  # on DuckDB with one thread: the same pack byte for byte
    params = resolve(con, period, comparison, segment, region, model)
    settings = dict(con.execute(
        "select setting, setting_value from rpt_pack_settings order by sort_order").fetchall())
    glossary = con.execute("select * from rpt_glossary order by sort_order").df().set_index(
        "metric", drop=False)
    rows = con.execute("select dimension, code, label, color from rpt_labels "
                       "order by dimension, sort_order, code").fetchall()
    labels = {(dim, code): label for dim, code, label, _ in rows}
    colors = {(dim, code): color for dim, code, _, color in rows if color}
    notes = read_notes(con, params, notes_dir if notes_dir is not None else default_notes_dir())
    return Pack(con, params, settings.get("reporting_currency", "USD"), glossary, labels,
                colors, notes)


def read_notes(con, params: Params, notes_dir: str | Path | None) -> Notes:
    """The period's notes (commentary) and the commitments of it and earlier months."""
    metrics = {kpi for (kpi,) in con.execute("select distinct kpi from rpt_kpi_sparklines")
               .fetchall()}
    allowed = valid_values(con)
    return load_notes(notes_dir, params.period, set(SECTION_KEYS), metrics,
                      set(allowed["segment"]), set(allowed["region"]))


# ---- the sections, in meeting order: number, key, title --------------------------------
SECTIONS = [("1", "summary", "Summary"), ("2", "moved", "What moved and why"),
            ("3", "actions", "Lists to act on"), ("4", "scorecard", "Shared KPI scorecard"),
            ("5", "funnel", "Funnel"), ("6", "pipeline", "Pipeline health"),
            ("7", "revenue", "Revenue"), ("8", "marketing", "Marketing contribution"),
            ("9", "handoff", "Lead handoff"), ("10", "feedback", "Feedback loop"),
            ("11", "misalignment", "Cost of misalignment"),
            ("A", "data_quality", "Appendix: data quality"), ("B", "glossary", "Glossary")]
SECTION_KEYS = [key for _, key, _ in SECTIONS]


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


def heading(pack: Pack, key: str, scope: str | None = None) -> None:
    """A section heading with its anchor (the contents link to it), and the meeting's
    commentary on the section when notes/<period>.yml has one. `scope` says what the
    section covers when it does not follow the filters (e.g. 'company-wide')."""
    number, title = next((n, t) for n, k, t in SECTIONS if k == key)
    suffix = f' <span class="sf-scope">({esc(scope)})</span>' if scope else ""
    comment = pack.notes.commentary.get(key)
    aside = (f'<aside class="sf-comment"><b>From the meeting:</b> {esc(comment)}</aside>'
             if comment else "")
    show(f'<div class="sf-section" id="section-{key}"><h2>{esc(number)}. {esc(title)}{suffix}'
         f"</h2>{aside}</div>")


def note(text: str) -> None:
    show(f'<p class="sf-note">{esc(text)}</p>')


def finding(markup: str) -> None:
    """A sentence built from escaped text and pack.num() spans."""
    show(f'<p class="sf-finding">{markup}</p>')


def subtitle(text: str) -> str:
    return f'<h3 class="sf-subtitle">{esc(text)}</h3>'


def block(*parts: str) -> None:
    """A subtitle and what it introduces, kept on one page in print."""
    show(f'<div class="sf-block">{"".join(parts)}</div>')


def humanize(code: str) -> str:
    """A code no label names: underscores become spaces, the first letter a capital."""
    text = str(code).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def filters_text(pack: Pack) -> str:
    p = pack.params
    return (f"{pack.category('segment', p.segment)}, {pack.category('region', p.region)}, "
            f"{pack.category('model', p.model)} attribution")


__all__ = ["Col", "Pack", "open_pack", "esc", "has", "heading", "note", "finding", "show", "chart",
           "subtitle", "block", "month_label", "filters_text", "text_value", "fmt", "humanize",
           "SECTIONS"]
