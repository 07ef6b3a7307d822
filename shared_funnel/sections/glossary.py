"""10. Glossary: every metric this pack shows, with the definition the pipeline uses, and
the settings the numbers were built with."""

from __future__ import annotations

from shared_funnel.sections.base import Col, Pack, heading, show, subtitle

BASIS = {"period": "the period", "trailing": "a trailing window ending with the period",
         "point_in_time": "at the period's end", "to_date": "a cohort of the period, to date"}


def glossary(pack: Pack) -> None:
    heading(10, "Glossary")
    definitions = pack.reference("rpt_glossary")
    shown = definitions[definitions["metric"].isin(pack.shown_metrics())]
    show(pack.table("glossary", shown.assign(window=shown["basis"].map(BASIS)), [
        Col("label", "Metric", text=True), Col("metric", "Name", text=True),
        Col("unit", "Unit", text=True), Col("window", "Window", text=True),
        Col("definition", "Definition", text=True)]))
    settings = pack.reference("rpt_pack_settings")
    show(subtitle("Settings these numbers were built with") + pack.table("glossary", settings, [
        Col("setting", "Setting", text=True), Col("setting_value", "Value", text=True)]))


def save(pack: Pack, numbers_file: str | None) -> None:
    """Write meeting-pack.json (every number shown) when the runner asks for it."""
    if numbers_file:
        pack.write_numbers(numbers_file)
