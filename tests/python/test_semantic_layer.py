"""The semantic layer answers the same numbers as kpi_monthly (segment = region = 'all')."""

from __future__ import annotations

import csv
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import PROJECT_DIR, query

METRICS = ["leads_created", "mqls", "sals", "sqls", "mql_to_sql_rate", "sla_compliance",
           "opportunities_created", "pipeline_created", "marketing_sourced_pipeline",
           "won_deals", "lost_deals", "won_revenue", "win_rate", "avg_deal_size",
           "sales_cycle_days"]


@pytest.fixture(scope="module", autouse=True)
def semantic_manifest(demo_warehouse):
    """mf reads target/semantic_manifest.json, which the last dbt run wrote for whatever
    warehouse it built: parse once for the demo warehouse (its catalog is shared_funnel)."""
    env = {**os.environ, "DUCKDB_PATH": str(demo_warehouse), "DBT_PROFILES_DIR": str(PROJECT_DIR)}
    result = subprocess.run([str(Path(sys.executable).with_name("dbt")), "parse", "--quiet"],
                            cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:]


def test_mf_query_matches_kpi_monthly(demo_warehouse, tmp_path):
    out = tmp_path / "mf.csv"
    mf = Path(sys.executable).with_name("mf")
    env = {**os.environ, "DUCKDB_PATH": str(demo_warehouse), "DBT_PROFILES_DIR": str(PROJECT_DIR)}
    result = subprocess.run(
        [str(mf), "query", "--metrics", ",".join(METRICS), "--group-by", "metric_time__month",
         "--csv", str(out)], cwd=PROJECT_DIR, env=env, capture_output=True, text=True,
        timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    with out.open() as f:
        semantic = {row["metric_time__month"][:10]: row for row in csv.DictReader(f)}
    kpis = query(demo_warehouse, "select cast(month as varchar), metric, value from kpi_monthly "
                                 "where segment = 'all' and region = 'all'")
    compared = 0
    for month, metric, value in kpis:
        if metric not in METRICS:
            continue
        text = semantic.get(month, {}).get(metric, "")
        mf_value = float(text) if text else None
        if value is None or mf_value is None:
            assert (value in (None, 0)) and (mf_value in (None, 0)), (month, metric, value, text)
        else:
            assert math.isclose(mf_value, value, rel_tol=1e-9, abs_tol=1e-6), (month, metric)
        compared += 1
    assert compared >= 20 * len(METRICS)


def test_marketing_metrics_match_the_marts(demo_warehouse, tmp_path):
    out = tmp_path / "mf.csv"
    mf = Path(sys.executable).with_name("mf")
    env = {**os.environ, "DUCKDB_PATH": str(demo_warehouse), "DBT_PROFILES_DIR": str(PROJECT_DIR)}
    metrics = ["influenced_pipeline", "marketing_sourced_revenue", "acceptance_rate",
               "cost_of_misalignment", "campaign_roi_linear", "cost_per_sql"]
    result = subprocess.run([str(mf), "query", "--metrics", ",".join(metrics), "--csv", str(out)],
                            cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    with out.open() as f:
        semantic = {k: float(v) for k, v in next(csv.DictReader(f)).items()}
    expected = dict(zip(metrics, query(demo_warehouse, """
        select
            (select sum(influenced_pipeline) from kpi_marketing_monthly),
            (select sum(marketing_sourced_revenue) from kpi_marketing_monthly),
            (select sum(accepted) / sum(accepted + rejected) from fct_feedback_monthly),
            (select sum(cost_of_misalignment) from kpi_misalignment_monthly where channel = 'all'),
            (select sum(attributed_revenue_linear) / sum(spend_usd) from fct_campaign_performance),
            (select sum(spend_usd) / sum(sqls) from fct_campaign_performance)
    """)[0], strict=True))
    for metric in metrics:
        assert math.isclose(semantic[metric], expected[metric], rel_tol=1e-9), metric
