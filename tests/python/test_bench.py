"""The benchmark's parts: the generator writes what it says, at scale and as an append, and
the hand-written baseline equals kpi_monthly (so `make bench` can trust its own check)."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import pytest

BENCH_DIR = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH_DIR))

import baseline  # noqa: E402
import generate  # noqa: E402

from shared_funnel.contract import RAW_TABLES  # noqa: E402


def to_parquet(raw: Path, out: Path) -> Path:
    """The CSV raw folder as Parquet of text columns, rows in file order."""
    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute("set preserve_insertion_order = true; set threads = 1")
    for csv in raw.glob("*.csv"):
        con.execute(f"copy (select * from read_csv('{csv}', all_varchar = true, header = true)) "
                    f"to '{out / (csv.stem + '.parquet')}' (format parquet)")
    con.close()
    return out


@pytest.fixture(scope="module")
def clean_parquet(clean_raw, tmp_path_factory):
    return to_parquet(clean_raw, tmp_path_factory.mktemp("bench-parquet"))


def test_baseline_equals_kpi_monthly(clean_parquet, clean_warehouse):
    # the generated folder has duplicates, deletions, bad amounts and currencies: the
    # baseline applies the triage rules on its own
    expected = baseline.run(clean_parquet)
    assert len(expected) > 1000
    assert baseline.differences(baseline.warehouse_kpis(clean_warehouse), expected) == []


def test_saved_baseline_reads_back_equal_to_the_warehouse(clean_parquet, clean_warehouse,
                                                          tmp_path):
    # make bench compares the builds with values a child process saved
    saved = tmp_path / "expected.json"
    baseline.main(["--raw", str(clean_parquet), "--save", str(saved)])
    loaded, fresh = baseline.load(saved), baseline.run(clean_parquet)
    assert set(loaded) == set(fresh) and len(loaded) > 1000  # months read back as dates
    assert baseline.differences(loaded, fresh) == []  # (a parallel sum's last digit varies)
    assert baseline.differences(baseline.warehouse_kpis(clean_warehouse), loaded) == []


def test_a_different_value_is_reported(clean_parquet):
    expected = baseline.run(clean_parquet)
    key = next(k for k, v in expected.items() if k[3] == "won_revenue" and v)
    changed = {**expected, key: expected[key] * 1.001}
    missing = {k: v for k, v in expected.items() if k != key}
    assert baseline.differences(changed, expected)[0].startswith(str(key))
    assert "build missing" in baseline.differences(missing, expected)[0]


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench-gen")
    counts = generate.generate(out / "base", leads=4000, seed=3)
    plus = generate.generate(out / "plus", leads=4000, extra=0.05, seed=3)
    again = generate.generate(out / "again", leads=4000, seed=3)
    return out, counts, plus, again


def test_generator_is_in_proportion(generated):
    _, counts, _, _ = generated
    assert 4000 <= counts["leads"] <= 4000 * 1.01  # a few stale duplicates
    assert 4.5 <= counts["campaign_members"] / 4000 <= 5.5
    assert 2.5 <= counts["lead_activities"] / 4000 <= 3.5
    assert 0.15 <= counts["opportunities"] / 4000 <= 0.25
    assert set(counts) == set(RAW_TABLES)


def test_generator_is_deterministic_and_appends(generated):
    out, counts, plus, again = generated
    assert again == counts
    con = duckdb.connect()
    for table in ("leads", "campaign_members", "lead_activities", "opportunities"):
        base = f"read_parquet('{out / 'base' / table}.parquet')"
        same = f"read_parquet('{out / 'again' / table}.parquet')"
        grown = f"read_parquet('{out / 'plus' / table}.parquet')"
        assert con.execute(f"select count(*) from (select * from {base} except all "
                           f"select * from {same})").fetchone()[0] == 0
        # every base row is in the appended files, unchanged; and there are more
        assert con.execute(f"select count(*) from (select * from {base} except all "
                           f"select * from {grown})").fetchone()[0] == 0, table
        assert plus[table] > counts[table]
    newest = con.execute(f"select max(created_at) from read_parquet('{out / 'base'}/leads.parquet')"
                         ).fetchone()[0]
    added = con.execute(f"select min(created_at) from read_parquet('{out / 'plus'}/leads.parquet') "
                        f"where created_at > '{newest}'").fetchone()[0]
    assert added is not None and added > newest


def test_up_to_date_needs_the_same_source_and_fingerprint():
    from shared_funnel.build import up_to_date

    record = {"source_kind": "raw_dir", "source": "/data/crm", "fingerprint": "abc"}
    assert up_to_date(record, "raw_dir", "/data/crm", "abc")
    assert not up_to_date(record, "raw_dir", "/data/crm", "abd")  # a file, model or var changed
    assert not up_to_date(record, "raw_dir", "/data/other", "abc")
    assert not up_to_date(record, "demo_seeds", None, "abc")
    assert not up_to_date({**record, "fingerprint": "partial +kpi_monthly: abc"},
                          "raw_dir", "/data/crm", "abc")
    assert not up_to_date(None, "raw_dir", "/data/crm", "abc")


def test_make_build_skips_a_current_warehouse(clean_raw, clean_warehouse):
    import subprocess
    import time

    before = clean_warehouse.stat().st_mtime_ns
    started = time.monotonic()
    out = subprocess.run([sys.executable, "-m", "shared_funnel.build", "--skip-if-current",
                          "--raw-dir", str(clean_raw), "--duckdb", str(clean_warehouse)],
                         capture_output=True, text=True, check=True)
    assert "warehouse up to date" in out.stdout and "dbt" not in out.stdout
    assert clean_warehouse.stat().st_mtime_ns == before
    assert time.monotonic() - started < 15


def test_profile_reads_dbt_timings_of_the_build_just_run(tmp_path):
    import json
    import os

    import run  # bench/run.py

    results = tmp_path / "run_results.json"
    results.write_text(json.dumps({"results": [
        {"unique_id": "test.shared_funnel.unique_fct_attribution_attribution_id.1a2b3c4d5e",
         "execution_time": 2.0},
        {"unique_id": "model.shared_funnel.fct_attribution", "execution_time": 6.0},
        {"unique_id": "unit_test.shared_funnel.fct_leads.re_mql_counts", "execution_time": 0.5},
        {"unique_id": "seed.shared_funnel.stage_map", "execution_time": 1.5},
    ]}))
    profile = run.dbt_profile(1000, "full build", since=0, run_results=results)
    assert [(p["node"], p["seconds"], p["share_of_node_time"]) for p in profile] == [
        ("model.fct_attribution", 6.0, 0.6),
        ("test.unique_fct_attribution_attribution_id", 2.0, 0.2),
        ("seed.stage_map", 1.5, 0.15),
        ("unit_test.fct_leads.re_mql_counts", 0.5, 0.05),
    ]
    assert {p["leads"] for p in profile} == {1000} and profile[0]["resource_type"] == "model"
    summary = run.profile_summary(profile)
    assert "dbt node time 10.0 s (models 6.0 s, tests 2.0 s" in summary
    assert summary.index("model.fct_attribution 6.0 s") < summary.index("seed.stage_map")
    # a run_results.json older than the build is an earlier build's: not this one's profile
    os.utime(results, (1_000_000, 1_000_000))
    assert run.dbt_profile(1000, "full build", since=2_000_000, run_results=results) == []


def write_run_results(path, nodes):
    """A dbt run_results.json of (unique_id, execution_time, status) nodes."""
    import json

    path.write_text(json.dumps({"results": [
        {"unique_id": unique_id, "execution_time": seconds, "status": status}
        for unique_id, seconds, status in nodes]}))
    return path


def test_profile_of_a_retried_build_keeps_the_first_round(tmp_path):
    """A build whose failed nodes ran again alone (dbt retry) profiles the retried nodes
    and the first round's nodes that passed, not the failed attempt or the skipped."""
    import os

    import run  # bench/run.py

    first = write_run_results(tmp_path / "run_results_first_round.json", [
        ("model.shared_funnel.base_crm__leads", 5.0, "success"),
        ("test.shared_funnel.column_rules_base_crm__leads.1a2b", 2.0, "pass"),
        ("model.shared_funnel.data_quality_issues", 9.0, "error"),
        ("model.shared_funnel.kpi_monthly", 0.0, "skipped"),
    ])
    retry = write_run_results(tmp_path / "run_results.json", [
        ("model.shared_funnel.data_quality_issues", 3.0, "success"),
        ("model.shared_funnel.kpi_monthly", 1.0, "success"),
    ])
    profile = run.dbt_profile(1000, "incremental build", since=0, run_results=retry,
                              first_round=first)
    assert [(p["node"], p["seconds"]) for p in profile] == [
        ("model.base_crm__leads", 5.0),
        ("model.data_quality_issues", 3.0),
        ("test.column_rules_base_crm__leads", 2.0),
        ("model.kpi_monthly", 1.0),
    ]
    # a first round kept by an earlier build is not this build's
    os.utime(first, (1_000_000, 1_000_000))
    assert [p["node"] for p in run.dbt_profile(1000, "full build", since=2_000_000,
                                               run_results=retry, first_round=first)] == [
        "model.data_quality_issues", "model.kpi_monthly"]
