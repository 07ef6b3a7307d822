"""The build from a user's raw folder: dirty input is triaged, never crashes, loses nothing."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from shared_funnel import demo_data
from shared_funnel.contract import RAW_TABLES

from ..conftest import DEMO_WAREHOUSE, query, read_csv, run_build, write_csv

# (table, rule) -> how many injected rows must land there.
EXPECTED_REJECTIONS = {
    ("leads", "missing_key"): 1,
    ("leads", "bad_timestamp"): 2,
    ("opportunities", "not_a_number"): 2,
    ("opportunities", "negative_amount"): 1,
    ("opportunities", "unknown_currency"): 1,
    ("opportunities", "missing_close_date"): 1,
    ("campaign_members", "bad_timestamp"): 1,
    ("fx_rates", "not_a_number"): 1,
    ("targets", "negative_amount"): 1,
}


def dirty_copy(clean: Path, dest: Path) -> Path:
    """The clean folder plus one row for each way raw data goes wrong."""
    shutil.copytree(clean, dest)
    leads = read_csv(dest / "leads.csv")
    lead = next(r for r in leads if r["mql_at"] and r["is_deleted"] == "false")
    other = next(r for r in leads[50:] if r["is_deleted"] == "false")
    leads += [
        dict(lead, lead_id=""),
        dict(lead, lead_id="LBAD1", created_at="yesterday"),
        # a newer version that is unusable must not replace the usable one
        dict(lead, created_at="", updated_at="2099-01-01T00:00:00Z"),
        # an older version is superseded
        dict(other, updated_at="2000-01-01T00:00:00Z", status="junk"),
        # usable: an offset is converted to UTC, an unparseable score becomes null
        dict(lead, lead_id="LTZ1", created_at="2025-03-04T10:15:00+02:00",
             updated_at="2025-03-04T10:15:00+02:00", score="NaN",
             converted_opportunity_id=""),
    ]
    write_csv(dest / "leads.csv", leads)
    opps = read_csv(dest / "opportunities.csv")
    opp = next(r for r in opps if r["is_closed"] == "true" and r["is_deleted"] == "false")
    opps += [
        dict(opp, opportunity_id="OBAD1", amount="twelve"),
        dict(opp, opportunity_id="OBAD2", amount="NaN"),
        dict(opp, opportunity_id="OBAD3", amount="-1"),
        dict(opp, opportunity_id="OBAD4", amount="10.00", currency_code="XYZ"),
        dict(opp, opportunity_id="OBAD5", close_date="", is_closed="true"),
    ]
    write_csv(dest / "opportunities.csv", opps)
    members = read_csv(dest / "campaign_members.csv")
    members.append(dict(members[0], member_id="MBAD1", created_at="  "))
    write_csv(dest / "campaign_members.csv", members)
    fx = read_csv(dest / "fx_rates.csv")
    fx.append(dict(fx[0], month="2030-01-01", usd_per_unit="abc"))
    write_csv(dest / "fx_rates.csv", fx)
    targets = read_csv(dest / "targets.csv")
    targets.append(dict(targets[0], month="2030-01-01", target_value="-5"))
    write_csv(dest / "targets.csv", targets)
    return dest


@pytest.fixture(scope="module")
def dirty(clean_raw, tmp_path_factory):
    raw = dirty_copy(clean_raw, tmp_path_factory.mktemp("dirty") / "raw")
    path = tmp_path_factory.mktemp("wh_dirty") / "shared_funnel.duckdb"
    demo_mtime = DEMO_WAREHOUSE.stat().st_mtime_ns if DEMO_WAREHOUSE.exists() else None
    result = run_build(raw, path)
    return raw, path, result, demo_mtime


def test_dirty_folder_builds_without_a_stack_trace(dirty):
    _, _, result, _ = dirty
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
    assert "Traceback" not in result.stdout + result.stderr


def test_every_bad_row_is_rejected_with_its_rule(dirty, clean_warehouse):
    _, path, _, _ = dirty
    before = Counter({(t, r): n for t, r, n in query(
        clean_warehouse, "select source_table, rule, count(*) from rejected_rows group by all")})
    after = Counter({(t, r): n for t, r, n in query(
        path, "select source_table, rule, count(*) from rejected_rows group by all")})
    added = after - before
    assert dict(added) == EXPECTED_REJECTIONS


def test_reasons_name_the_column_and_value(dirty):
    _, path, _, _ = dirty
    reasons = dict(query(path, "select source_key, reason from rejected_rows "
                               "where source_key in ('LBAD1', 'OBAD1', 'OBAD4')"))
    assert reasons == {
        "LBAD1": "created_at is not a timestamp in the plausible range: yesterday",
        "OBAD1": "amount is not a number: twelve",
        "OBAD4": "no fx rate for currency XYZ",
    }


def test_the_build_names_rejections_per_table_and_rule(dirty):
    _, path, result, _ = dirty
    counts = query(path, "select source_table, rule, count(*) from rejected_rows group by all")
    assert len(counts) >= len(EXPECTED_REJECTIONS)
    for table, rule, n in counts:
        assert f"{table}: {n} row(s) {rule}" in result.stdout


@pytest.mark.parametrize("table", list(RAW_TABLES))
def test_raw_rows_are_all_accounted_for(dirty, table):
    raw, path, _, _ = dirty
    raw_rows = len(read_csv(raw / f"{table}.csv"))
    staged = query(path, f"select count(*) from staging.stg_crm__{table}")[0][0]
    superseded, rejected = (query(path, f"select count(*) from {m} where source_table = ?",
                                  [table])[0][0] for m in ("superseded_rows", "rejected_rows"))
    assert raw_rows == staged + superseded + rejected


def test_clean_rows_are_unchanged(dirty, clean_warehouse):
    _, path, _, _ = dirty
    for table in RAW_TABLES:
        before = set(query(clean_warehouse, f"select * from staging.stg_crm__{table}"))
        after = set(query(path, f"select * from staging.stg_crm__{table}"))
        if table == "leads":
            after = {r for r in after if r[0] != "LTZ1"}
        assert before == after, table


def test_offsets_become_utc_and_bad_optional_values_become_flagged_nulls(dirty):
    _, path, _, _ = dirty
    created, score = query(path, "select cast(created_at as varchar), score "
                                 "from staging.stg_crm__leads where lead_id = 'LTZ1'")[0]
    assert (created, score) == ("2025-03-04 08:15:00", None)
    flagged = query(path, "select rule, detail from data_quality_issues "
                          "where source_table = 'leads' and source_key = 'LTZ1'")
    assert ("unparseable_value", "kept as null: score") in flagged


def test_building_elsewhere_touches_nothing_else(dirty):
    raw, _, _, demo_mtime = dirty
    assert sorted(p.name for p in raw.iterdir()) == sorted(f"{t}.csv" for t in RAW_TABLES)
    if demo_mtime is not None:
        assert DEMO_WAREHOUSE.stat().st_mtime_ns == demo_mtime


def test_missing_required_table_stops_with_one_line(clean_raw, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(clean_raw, raw)
    (raw / "opportunities.csv").unlink()
    result = run_build(raw, tmp_path / "shared_funnel.duckdb")
    assert result.returncode != 0
    assert "Traceback" not in result.stdout + result.stderr
    lines = [ln for ln in (result.stdout + result.stderr).splitlines()
             if "Required raw table(s) missing" in ln]
    assert lines and "opportunities" in lines[0]
    assert not (tmp_path / "shared_funnel.duckdb").exists()


def test_parquet_folder_without_optional_tables_builds(tmp_path, clean_warehouse):
    raw = tmp_path / "raw"
    demo_data.write(raw, leads=800, seed=7, fmt="parquet")
    for optional in ("lead_feedback", "market_size", "opportunity_stage_history"):
        (raw / f"{optional}.parquet").unlink()
    path = tmp_path / "shared_funnel.duckdb"
    result = run_build(raw, path)
    assert result.returncode == 0, result.stdout[-5000:]
    assert query(path, "select count(*) from staging.stg_crm__lead_feedback")[0][0] == 0
    columns = [r[0] for r in query(path, "select column_name from information_schema.columns "
                                         "where table_name = 'stg_crm__lead_feedback'")]
    assert "verdict" in columns
    same = "select count(*), sum(score) from staging.stg_crm__leads"
    assert query(path, same) == query(clean_warehouse, same)


def test_raw_tables_in_a_warehouse_schema(clean_raw, tmp_path, clean_warehouse):
    """RAW_SCHEMA: the raw tables already live in a schema of the user's warehouse."""
    import duckdb

    path = tmp_path / "shared_funnel.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema crm_export")
        for table in RAW_TABLES:
            con.execute(f"create table crm_export.{table} as select * from "
                        f"read_csv(?, all_varchar = true)", [str(clean_raw / f"{table}.csv")])
    result = run_build(None, path, extra_env={"RAW_SCHEMA": "crm_export"})
    assert result.returncode == 0, result.stdout[-5000:]
    same = "select metric, sum(value) from kpi_monthly group by metric order by metric"
    built, expected = query(path, same), query(clean_warehouse, same)
    assert [m for m, _ in built] == [m for m, _ in expected]
    # a parallel sum of doubles may differ in its last bits between two builds
    assert [v for _, v in built] == pytest.approx([v for _, v in expected], rel=1e-12)
    assert query(path, "select count(*) from crm_export.leads")[0][0] > 0


def test_a_model_out_of_memory_beside_another_runs_again_alone(monkeypatch, tmp_path):
    # two dbt threads share DuckDB's memory limit: at 10M leads two big models side by side
    # ran out of it, each fitting alone; the build retries what failed, one node at a time
    from shared_funnel import build

    first_round = tmp_path / "run_results.json"
    first_round.write_text('{"results": [{"unique_id": "model.shared_funnel.fct_leads"}]}')
    monkeypatch.setattr(build, "RUN_RESULTS", first_round)
    monkeypatch.setattr(build, "FIRST_ROUND_RESULTS", tmp_path / "first_round.json")

    oom = build.BuildError("build models and run tests failed:\n  Runtime Error in model "
                           "data_quality_issues\n  Out of Memory Error: failed to pin block")
    assert build.out_of_memory(oom)
    assert not build.out_of_memory(build.BuildError("Failure in test unique_leads_lead_id"))
    calls = []
    monkeypatch.setattr(build, "run_dbt", lambda args, env, step: calls.append(args))
    build.retry_alone({}, ["--vars", '{"fiscal_year_start_month": 2}'])
    assert calls == [["retry", "--threads", "1", "--vars", '{"fiscal_year_start_month": 2}']]
    # the first round's timings are kept for the profile (dbt retry writes its own)
    assert "model.shared_funnel.fct_leads" in (tmp_path / "first_round.json").read_text()

    def still_too_big(args, env, step):
        raise oom

    monkeypatch.setattr(build, "run_dbt", still_too_big)
    with pytest.raises(build.BuildError, match="raise DUCKDB_MEMORY_LIMIT") as raised:
        build.retry_alone({"DUCKDB_MEMORY_LIMIT": "3GB"}, [])
    assert "data_quality_issues" in str(raised.value) and "(3GB)" in str(raised.value)

    def test_fails(args, env, step):
        raise build.BuildError("Failure in test unique_leads_lead_id")

    monkeypatch.setattr(build, "run_dbt", test_fails)
    with pytest.raises(build.BuildError, match="unique_leads_lead_id") as raised:
        build.retry_alone({}, [])
    assert "DUCKDB_MEMORY_LIMIT" not in str(raised.value)
