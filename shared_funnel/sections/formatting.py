"""One format per unit, one date format: how the pack writes numbers and months.

Money is written with its currency code (`USD 6,674`, `USD 23.5k`, `USD 1.27M`: compact
from 10,000 up), rates as percentages, changes of rates in percentage points.
"""

from __future__ import annotations

from datetime import date, datetime

STATUS_TEXT = {"on_track": "on track", "off_track": "off track", "no_target": "no target"}


def is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def fmt(value, unit: str, currency: str = "USD") -> str:
    if is_missing(value):
        return "—"
    if unit == "text":
        return STATUS_TEXT.get(str(value), str(value).replace("_", " "))
    if unit == "currency":
        sign = "-" if value < 0 else ""
        magnitude = abs(value)
        if magnitude >= 1e6:
            return f"{sign}{currency} {magnitude / 1e6:,.2f}M"
        if magnitude >= 1e4:
            return f"{sign}{currency} {magnitude / 1e3:,.1f}k"
        return f"{sign}{currency} {magnitude:,.0f}"
    if unit == "ratio":
        return f"{value * 100:,.1f}%"
    if unit == "count":
        return f"{value:,.0f}"
    if unit == "days":
        return f"{value:,.1f} d"
    if unit == "hours":
        return f"{value:,.1f} h"
    if unit == "percentage_points":
        return f"{value:+,.1f} pp"
    if unit == "multiple":
        return f"{value:,.1f}×"
    if unit == "score":
        return f"{value:,.2f}"
    return f"{value:,.2f}"


def fmt_change(value, unit: str, currency: str = "USD") -> str:
    """A change with its sign: +12.3% (relative), +1.2 pp, +USD 1.75M, -4 MQLs."""
    if is_missing(value):
        return "—"
    if unit == "ratio":
        return f"{value * 100:+,.1f}%"
    if unit in ("percentage_points", "text"):
        return fmt(value, unit, currency)
    if unit == "count" and value != round(value):
        return f"{value:+,.1f}"
    sign = "+" if value > 0 else ("-" if value < 0 else "±")
    return sign + fmt(abs(value), unit, currency)


MONTH_FORMAT = "%b %Y"  # the pack's one format for a month: "Oct 2026" (charts too)


def month_label(month: date) -> str:
    return month.strftime(MONTH_FORMAT)


def day_label(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def as_of_label(as_of: str, with_time: bool = False) -> str:
    """The data's as_of ('2026-11-15 18:19:44') as the pack writes dates: 15 Nov 2026."""
    moment = datetime.fromisoformat(str(as_of)[:19])
    return day_label(moment) + (f" {moment:%H:%M} UTC" if with_time else "")
