"""Comparing two builds' tables row for row, as sets, with floating-point tolerance only
(engines, and sums over rows in another order, differ in the last digits)."""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import Decimal


def plain(value):
    """A value as the comparison sees it: numbers as floats, NaN as null, dates as text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal):
        value = float(value)
        return None if math.isnan(value) else value
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def sort_key(row: tuple) -> tuple:
    return tuple((0, "") if v is None else (1, f"{v:.6g}") if isinstance(v, float)
                 else (2, str(v)) for v in row)


def close(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    return a == b


def row_differences(table: str, columns: list[str], expected: list[tuple],
                    got_columns: list[str], got: list[tuple], other: str = "expected") -> list:
    """What differs between two versions of a table (empty when equal): the row count, or
    each pair of rows that differs once both sides are sorted the same way."""
    assert sorted(got_columns) == sorted(columns), table
    order = [got_columns.index(c) for c in columns]
    expected = sorted((tuple(plain(v) for v in r) for r in expected), key=sort_key)
    got = sorted((tuple(plain(r[i]) for i in order) for r in got), key=sort_key)
    if len(expected) != len(got):
        return [f"{table}: {len(got)} rows, {other} {len(expected)}"]
    return [f"{table}: {dict(zip(columns, g, strict=True))} != {other} "
            f"{dict(zip(columns, e, strict=True))}"
            for e, g in zip(expected, got, strict=True)
            if not all(close(x, y) for x, y in zip(e, g, strict=True))]
