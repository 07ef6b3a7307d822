"""Stage velocity (fct_opportunity_stages, fct_stage_velocity_monthly) equals an independent
pandas computation on a raw folder the seeds never were, whose stage history was given
skipped stages, steps back and repeated stages, amount changes within a stage and stage
names in another case, built with non-default stuck thresholds."""

from __future__ import annotations

import csv
import math
import shutil

import pandas as pd
import pytest

from ..conftest import query, run_build
from .reference_metrics import Reference
from .reference_velocity import at_period, stage_rows, velocity

STUCK = {"Proposal": 10, "Discovery": 5}
STUCK_DEFAULT = 20
VARS = "{stuck_stage_days: {Proposal: 10, Discovery: 5}, stuck_days_default: 20}"


def perturb(path) -> dict[str, int]:
    """Rewrite the stage history in place; returns how many opportunities got each change."""
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        columns, rows = reader.fieldnames, list(reader)
    by_opp: dict[str, list[dict]] = {}
    for row in rows:
        by_opp.setdefault(row["opportunity_id"], []).append(row)
    paths = {o: [r["stage_name"] for r in sorted(rs, key=lambda r: r["changed_at"])]
             for o, rs in by_opp.items()}
    eligible = sorted(o for o, p in paths.items()
                      if p[:4] == ["Prospecting", "Discovery", "Proposal", "Negotiation"])
    skip, back, amount, case = eligible[0:6], eligible[6:12], eligible[12:18], eligible[18:24]
    out = []
    for opp, events in by_opp.items():
        events = sorted(events, key=lambda r: r["changed_at"])
        at = {r["stage_name"]: pd.Timestamp(r["changed_at"]) for r in events}
        for row in events:
            if opp in skip and row["stage_name"] == "Discovery":
                continue
            if opp in case and row["stage_name"] == "Proposal":
                row = {**row, "stage_name": "proposal"}
            out.append(row)
            if row["stage_name"] != "Proposal" or opp not in back + amount:
                continue
            start, gap = at["Proposal"], at["Negotiation"] - at["Proposal"]

            def stamp(share: float, start=start, gap=gap) -> str:
                return (start + gap * share).strftime("%Y-%m-%dT%H:%M:%SZ")
            if opp in back:
                out.append({**row, "stage_name": "Discovery", "changed_at": stamp(0.25)})
                out.append({**row, "stage_name": "Proposal", "changed_at": stamp(0.5)})
            if opp in amount:
                out.append({**row, "amount": "12345.67", "changed_at": stamp(0.5)})
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=columns)
        writer.writeheader()
        writer.writerows(out)
    return {"skip": len(skip), "back": len(back), "amount": len(amount), "case": len(case)}


@pytest.fixture(scope="module")
def velocity_build(clean_raw, tmp_path_factory):
    raw = tmp_path_factory.mktemp("velocity") / "raw"
    shutil.copytree(clean_raw, raw)
    changed = perturb(raw / "opportunity_stage_history.csv")
    assert min(changed.values()) == 6
    warehouse = raw.parent / "shared_funnel.duckdb"
    result = run_build(raw, warehouse, vars_yaml=VARS)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    return Reference(raw), warehouse


def same(a, b) -> bool:
    """Equal, with None and NaN as missing and numbers to a relative 1e-9."""
    a_missing, b_missing = a is None or a != a, b is None or b != b  # NaN != NaN
    if a_missing or b_missing:
        return a_missing and b_missing
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    return a == b


def test_every_opportunity_stage_matches(velocity_build):
    ref, warehouse = velocity_build
    expected = stage_rows(ref, STUCK, STUCK_DEFAULT)
    columns = ["times_entered", "days_in_stage", "is_advanced", "is_current_stage",
               "is_closed_stage", "days_in_current_stage", "is_stuck"]
    got = {(r[0], r[1]): r[2:] for r in query(
        warehouse, f"select opportunity_id, stage_name, {', '.join(columns)} "
                   "from fct_opportunity_stages")}
    assert len(got) == len(expected) > 500
    wrong = []
    for row in expected.itertuples():
        key = (row.opportunity_id, row.stage_name)
        want = tuple(getattr(row, c) for c in columns)
        have = got.get(key)
        if have is None or not all(same(h, w) for h, w in zip(have, want, strict=True)):
            wrong.append((key, have, want))
    assert not wrong, wrong[:5]
    # the perturbations reached the data: repeats, skips and stuck deals are there
    assert (expected["times_entered"] > 1).sum() >= 6
    assert expected["is_stuck"].sum() > 0


def test_velocity_by_month_segment_region_source_and_stage(velocity_build):
    ref, warehouse = velocity_build
    expected = velocity(stage_rows(ref, STUCK, STUCK_DEFAULT))
    columns = ["deals_entered_stage", "deals_advanced", "deals_left_stage",
               "stage_conversion_rate", "median_days_in_stage", "stuck_deals"]
    got = {tuple(r[:5]): r[5:] for r in query(
        warehouse, "select entered_month, segment, region, lead_source, stage_name, "
                   f"{', '.join(columns)} from fct_stage_velocity_monthly")}
    assert len(got) == len(expected) > 50
    wrong = []
    for row in expected.itertuples(index=False):
        key = (row.entered_month.date(), row.segment, row.region, row.lead_source,
               row.stage_name)
        want = tuple(getattr(row, c) for c in columns)
        have = got.get(key)
        if have is None or not all(same(float(h) if h is not None else None,
                                        float(w) if w is not None else None)
                                   for h, w in zip(have, want, strict=True)):
            wrong.append((key, have, want))
    assert not wrong, wrong[:5]


def test_the_pack_table_for_each_of_the_last_periods(velocity_build):
    ref, warehouse = velocity_build
    spells: list = []
    stages = stage_rows(ref, STUCK, STUCK_DEFAULT, spells)
    periods = [p for (p,) in query(warehouse, "select distinct period from rpt_stage_velocity "
                                              "order by period desc limit 3")]
    assert len(periods) == 3
    columns = ["deals_entered_stage_12m", "stage_conversion_rate_12m",
               "median_days_in_stage_12m", "stuck_deals_month_end"]
    stuck_seen = 0
    for period in periods:
        expected = at_period(ref, stages, spells, pd.Timestamp(period), STUCK, STUCK_DEFAULT)
        got = {r[0]: r[1:] for r in query(
            warehouse, f"select stage_name, {', '.join(columns)} from rpt_stage_velocity "
                       "where period = ? and segment = 'all' and region = 'all'", [period])}
        assert set(got) == set(expected.index), period
        for stage, row in expected.iterrows():
            want = [None if pd.isna(row[c]) else float(row[c]) for c in columns]
            have = [None if v is None else float(v) for v in got[stage]]
            assert all(same(h, w) for h, w in zip(have, want, strict=True)), (
                period, stage, have, want)
        stuck_seen += int(expected["stuck_deals_month_end"].sum())
    assert stuck_seen > 0
