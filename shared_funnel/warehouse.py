"""Read-only access to the built warehouse, and the pack's parameters checked against it.

The warehouse is on the engine ENGINE names (DuckDB by default, PostgreSQL or Spark:
shared_funnel.engines). Every query binds its values as parameters (`?`); nothing from a
user or the CRM is ever pasted into SQL text.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from shared_funnel import engines
from shared_funnel.build import DEFAULT_DUCKDB


class ParameterError(ValueError):
    """A pack parameter is not one of the valid values; the message lists them."""


def warehouse_path(path: str | Path | None = None) -> Path:
    return Path(path or os.environ.get("DUCKDB_PATH") or DEFAULT_DUCKDB).resolve()


def connect(path: str | Path | None = None) -> engines.Connection:
    """A read-only connection to the warehouse of ENGINE (on DuckDB: several readers, and
    a build renaming a new file over this one, never block each other)."""
    return engines.connect(path)


def df(con: engines.Connection, sql: str, params: list | tuple = ()) -> pd.DataFrame:
    return con.execute(sql, list(params)).df()


def scalar(con: engines.Connection, sql: str, params: list | tuple = ()):
    row = con.execute(sql, list(params)).fetchone()
    return None if row is None else row[0]


def month_label(month: date) -> str:
    return month.strftime("%B %Y")


def add_months(month: date, n: int) -> date:
    y, m = divmod(month.month - 1 + n, 12)
    return date(month.year + y, m + 1, 1)


@dataclass(frozen=True)
class Params:
    """The pack's parameters, validated against the warehouse."""

    period: date
    comparison: str
    comparison_period: date
    segment: str
    region: str
    model: str
    as_of: str
    months_with_data: tuple[date, ...] = field(repr=False)

    @property
    def slug(self) -> str:
        """reports/<slug>/: the period, plus every parameter that is not the default."""
        parts = [self.period.strftime("%Y-%m")]
        if self.comparison != "prior_period":
            parts.append(self.comparison)
        if self.segment != "all":
            parts.append(f"segment_{self.segment}")
        if self.region != "all":
            parts.append(f"region_{self.region}")
        if self.model != "linear":
            parts.append(self.model)
        return "-".join(parts).replace("/", "_").replace(" ", "_")

    def as_dict(self) -> dict:
        return {"period": self.period.strftime("%Y-%m"), "comparison": self.comparison,
                "segment": self.segment, "region": self.region, "model": self.model,
                "as_of": self.as_of}


def valid_values(con: engines.Connection) -> dict[str, list[str]]:
    """Every valid value of each pack parameter, as the warehouse lists them
    (rpt_pack_parameters: periods with data, segments, regions, the attribution models of
    var attribution_models, the comparisons)."""
    found: dict[str, list[str]] = {"period": [], "segment": [], "region": [], "model": [],
                                   "comparison": []}
    for parameter, value in con.execute(
            "select parameter, parameter_value from rpt_pack_parameters "
            "order by parameter, sort_order").fetchall():
        found[parameter].append(value[:7] if parameter == "period" else value)
    return found


def _check(name: str, value: str, allowed: list[str]) -> None:
    if value not in allowed:
        shown = allowed if len(allowed) <= 40 else [*allowed[:3], "...", *allowed[-12:]]
        raise ParameterError(f"{name}={value!r} is not valid; valid values: {', '.join(shown)}")


def resolve(con: engines.Connection, period: str | None = None,
            comparison: str = "prior_period", segment: str = "all", region: str = "all",
            model: str = "linear") -> Params:
    """Check every parameter against the warehouse; raise ParameterError naming the valid
    values. period: YYYY-MM, default the latest complete month in the data."""
    valid = valid_values(con)
    if not valid["period"]:
        raise ParameterError("the warehouse has no complete month of data")
    period = period or valid["period"][-1]
    _check("period", period, valid["period"])
    _check("comparison", comparison, valid["comparison"])
    _check("segment", segment, valid["segment"])
    _check("region", region, valid["region"])
    _check("model", model, valid["model"])
    month = date(int(period[:4]), int(period[5:7]), 1)
    compare = add_months(month, -1 if comparison == "prior_period" else -12)
    as_of = scalar(con, "select setting_value from rpt_pack_settings where setting = 'as_of'")
    months = tuple(date(int(p[:4]), int(p[5:7]), 1) for p in valid["period"])
    return Params(month, comparison, compare, segment, region, model, str(as_of)[:19], months)
