"""B. Glossary: every metric this pack shows, with the definition the pipeline uses (two
columns in print), and the settings the numbers were built with."""

from __future__ import annotations

from shared_funnel.sections.base import Col, Pack, block, esc, heading, show, subtitle

BASIS = {"period": "events in the period", "trailing": "a window ending with the period",
         "point_in_time": "at the period's end",
         "to_date": "measured up to the data's as_of (to date)"}
UNITS = {"count": "count", "ratio": "percentage", "currency": "money", "days": "days",
         "hours": "hours", "percentage_points": "percentage points", "multiple": "multiple",
         "score": "score 1-5", "text": "status"}


def glossary(pack: Pack) -> None:
    heading(pack, "glossary")
    definitions = pack.reference("rpt_glossary")
    shown = definitions[definitions["metric"].isin(pack.shown_metrics())]
    entries = "".join(
        f'<div class="sf-term"><div class="sf-term-name">{esc(r["label"])} '
        f'<code>{esc(r["metric"])}</code></div><div class="sf-term-text">'
        f'<span class="sf-muted">{esc(UNITS.get(r["unit"], r["unit"]))}, '
        f'{esc(BASIS.get(r["basis"], r["basis"]))}.</span> {esc(r["definition"])}</div></div>'
        for _, r in shown.iterrows())
    show(f'<div class="sf-glossary">{entries}</div>')
    settings = pack.reference("rpt_pack_settings")
    block(subtitle("Settings these numbers were built with"), pack.table("glossary", settings, [
        Col("setting", "Setting", text=True, code=True),
        Col("setting_value", "Value", text=True, code=True)]))


def save(pack: Pack, numbers_file: str | None) -> None:
    """Write meeting-pack.json (every number shown) when the runner asks for it."""
    if numbers_file:
        pack.write_numbers(numbers_file)
