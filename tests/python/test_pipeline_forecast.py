"""Weighted and forecast pipeline (rpt_pipeline_forecast), quarter coverage at stage
thresholds week by week (rpt_pipeline_coverage_trend) and quota attainment per rep, team and
manager (rpt_people_performance) equal an independent pandas computation on a raw folder
the seeds never were. Its field history lost the probability and forecast-category rows of
some deals (so their past snapshots fall back to the stage's default), and the build runs
with non-default vars: fiscal year from February, other stage probabilities, a single
coverage threshold, and an SLA clock of working hours (whose deadlines are checked here
too)."""

from __future__ import annotations

import csv
import math
import shutil

import pandas as pd
import pytest

from ..conftest import query, run_build
from .reference_metrics import Reference
from .reference_pipeline import Pipeline

PROBABILITIES = {"Prospecting": 5, "Discovery": 20, "Proposal": 40, "Negotiation": 80,
                 "Closed Won": 100, "Closed Lost": 0}
CATEGORIES = {"Prospecting": "pipeline", "Discovery": "pipeline", "Proposal": "best_case",
              "Negotiation": "commit", "Closed Won": "closed", "Closed Lost": "omitted"}
HOLIDAYS = ["2026-01-01", "2026-05-01", "2026-12-25"]
VARS = ("{fiscal_year_start_month: 2, coverage_stage_thresholds: [3], stage_probabilities: "
        "{Prospecting: 5, Discovery: 20, Proposal: 40, Negotiation: 80, Closed Won: 100, "
        "Closed Lost: 0}, sla_hours: 20, sla_calendar: {working_days: [1, 2, 3, 4, 6], "
        "working_hours: [8, 18], holidays: ['" + "', '".join(HOLIDAYS) + "']}}")


def drop_history(path, every: int = 3) -> int:
    """Remove the probability and forecast_category rows of every `every`-th deal."""
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        columns, rows = reader.fieldnames, list(reader)
    deals = sorted({r["opportunity_id"] for r in rows})
    dropped = set(deals[::every])
    kept = [r for r in rows if not (r["opportunity_id"] in dropped
                                    and r["field"] in ("probability", "forecast_category"))]
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=columns)
        writer.writeheader()
        writer.writerows(kept)
    return len(rows) - len(kept)


@pytest.fixture(scope="module")
def forecast_build(clean_raw, tmp_path_factory):
    raw = tmp_path_factory.mktemp("forecast") / "raw"
    shutil.copytree(clean_raw, raw)
    assert drop_history(raw / "opportunity_field_history.csv") > 100
    warehouse = raw.parent / "shared_funnel.duckdb"
    result = run_build(raw, warehouse, vars_yaml=VARS)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    ref = Reference(raw)
    periods = [pd.Timestamp(p) for (p,) in query(
        warehouse, "select distinct period from rpt_pipeline_forecast order by period desc "
                   "limit 2")]
    return Pipeline(ref, PROBABILITIES, CATEGORIES, fiscal_start=2), warehouse, periods


def close(a, b) -> bool:
    a_missing, b_missing = a is None or a != a, b is None or b != b
    if a_missing or b_missing:
        return a_missing and b_missing
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-6)


FORECAST = ["deals_closing_this_quarter", "pipeline_closing_this_quarter",
            "weighted_pipeline_this_quarter", "deals_closing_next_quarter",
            "pipeline_closing_next_quarter", "weighted_pipeline_next_quarter",
            "weighted_pipeline"]


def test_weighted_and_forecast_pipeline_at_month_end(forecast_build):
    pipeline, warehouse, periods = forecast_build
    assert len(periods) == 2
    checked = 0
    for period in periods:
        expected = pipeline.forecast(period)
        got = {tuple(r[:3]): r[3:] for r in query(
            warehouse, f"select segment, region, forecast_category, {', '.join(FORECAST)} "
                       "from rpt_pipeline_forecast where period = ?", [period.date()])}
        wrong = []
        for row in expected.itertuples(index=False):
            have = got.get((row.segment, row.region, row.forecast_category))
            want = tuple(getattr(row, c) for c in FORECAST)
            if have is None or not all(close(h, w) for h, w in zip(have, want, strict=True)):
                wrong.append(((period.date(), row.segment, row.region, row.forecast_category),
                              have, want))
            checked += 1
        assert not wrong, wrong[:4]
        total = expected[(expected["segment"] == "all") & (expected["region"] == "all")
                         & (expected["forecast_category"] == "all")].iloc[0]
        assert total["weighted_pipeline"] > 0 and total["deals_closing_this_quarter"] > 0
    assert checked > 40


COVERAGE = ["deals_closing_this_quarter", "pipeline_closing_this_quarter", "won_revenue_qtd",
            "quarter_pipeline_coverage", "win_rate_12m", "coverage_needed"]


@pytest.mark.parametrize("segment", ["all", "SMB"])
def test_quarter_coverage_at_stage_thresholds_week_by_week(forecast_build, segment):
    pipeline, warehouse, periods = forecast_build
    for period in periods:
        expected = pipeline.coverage(period, [3], segment)
        got = {(r[0], r[1]): r[2:] for r in query(
            warehouse, f"select point_date, min_stage_order, {', '.join(COVERAGE)} "
                       "from rpt_pipeline_coverage_trend where period = ? and segment = ? "
                       "and region = 'all'", [period.date(), segment])}
        assert len(got) == len(expected) >= 4
        wrong = []
        for row in expected.itertuples(index=False):
            have = got.get((row.point_date.date(), row.min_stage_order))
            want = tuple(getattr(row, c) for c in COVERAGE)
            if have is None or not all(close(h, w) for h, w in zip(have, want, strict=True)):
                wrong.append(((period.date(), row.point_date.date(), row.min_stage_order),
                              have, want))
        assert not wrong, wrong[:4]
        assert expected["quarter_pipeline_coverage"].notna().any()


def test_quota_attainment_per_rep_team_and_manager(forecast_build):
    pipeline, warehouse, periods = forecast_build
    for period in periods:
        expected = pipeline.attainment(period)
        got = {(r[0], r[1]): r[2:] for r in query(
            warehouse, "select level, member_id, bookings_qtd, quota_qtd, quota_attainment_qtd "
                       "from rpt_people_performance where period = ? and segment = 'all' "
                       "and region = 'all'", [period.date()])}
        with_quota = {k for k, v in expected.items() if v[1]}
        assert {"rep", "team", "manager"} <= {level for level, _ in with_quota}
        assert with_quota <= set(got), with_quota - set(got)
        wrong = [(k, got[k], expected[k]) for k in got
                 if not all(close(h, w) for h, w in zip(got[k], expected[k], strict=True))]
        assert not wrong, wrong[:4]


def business_deadline(mql_at: pd.Timestamp, hours: float, days=(1, 2, 3, 4, 6),
                      opening=(8, 18), holidays=tuple(HOLIDAYS)) -> pd.Timestamp:
    """Walk the working days from mql_at until `hours` of working time have passed."""
    left = pd.Timedelta(hours=hours)
    day = mql_at.normalize()
    while True:
        if day.isoweekday() in days and day.strftime("%Y-%m-%d") not in holidays:
            start = max(day + pd.Timedelta(hours=opening[0]), mql_at)
            end = day + pd.Timedelta(hours=opening[1])
            if end > start:
                if end - start >= left:
                    return start + left
                left -= end - start
        day += pd.Timedelta(days=1)


def test_sla_deadlines_in_working_hours(forecast_build):
    pipeline, warehouse, _ = forecast_build
    rows = query(warehouse, "select lead_id, mql_at, sla_deadline_at, sla_status, first_touch_at "
                            "from fct_leads where mql_at is not null")
    assert len(rows) > 100
    wrong = [(lead, mql, got, business_deadline(pd.Timestamp(mql), 20))
             for lead, mql, got, _, _ in rows
             if pd.Timestamp(got) != business_deadline(pd.Timestamp(mql), 20)]
    assert not wrong, wrong[:4]
    # the clock changes verdicts: some touch within 20 calendar hours is late or vice versa
    moved = [r for r in rows if r[4] is not None and
             (pd.Timestamp(r[4]) <= pd.Timestamp(r[1]) + pd.Timedelta(hours=20)) != (r[3] == "met")]
    assert moved
