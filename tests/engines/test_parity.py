"""The same project on PostgreSQL or Spark gives DuckDB's numbers, value for value.

For the demo seeds and for a generated raw folder the seeds never were: kpi_monthly,
fct_attribution and every rpt_ model are equal (floating-point tolerance only), kpi_monthly
equals the independent pandas computation, and the meeting pack shows the same numbers.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from datetime import date, datetime

import pytest

from shared_funnel import engines

from ..conftest import PROJECT_DIR
from ..python.reference_metrics import Reference
from ..tables import close, plain, row_differences
from .conftest import ENGINE, on_database, run

# dataset: (raw folder, SOURCE); Spark, whose every build takes minutes, leaves out the CRMs
# unless PARITY_DATASETS names them
ALL_DATASETS = {"demo": None, "generated": None, "salesforce": "salesforce",
                "hubspot": "hubspot"}
DATASETS = tuple((os.environ.get("PARITY_DATASETS") or (
    "demo,generated" if ENGINE == "spark" else ",".join(ALL_DATASETS))).split(","))


@pytest.fixture(scope="session")
def built(engine_env, parity_raw, tmp_path_factory) -> dict:
    """{dataset: (the DuckDB settings, the engine's settings)}, each built by `make build`."""
    out = {}
    for name in DATASETS:
        crm = ALL_DATASETS[name]
        raw = {"demo": None, "generated": parity_raw}.get(name, PROJECT_DIR / "samples" / name)
        extra = {"SOURCE": crm} if crm else {}
        server = {**on_database(engine_env, f"sf_{name}"), **extra}
        result = run(server, raw)
        assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-3000:]
        folder = tmp_path_factory.mktemp(f"duck_{name}")
        duck = {"ENGINE": "duckdb", "DUCKDB_PATH": str(folder / "shared_funnel.duckdb"), **extra}
        result = run(duck, raw)
        assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-3000:]
        out[name] = (duck, server)
    return out


def rows_of(settings: dict, table: str) -> tuple[list[str], list[tuple]]:
    with engines.connect(environ=settings) as con:
        result = con.execute(f"select * from {table}")
        rows = result.fetchall()
        columns = ([d[0] for d in result.description] if hasattr(result, "description")
                   and result.description else result.columns)
    return [c.lower() for c in columns], rows


# each engine fingerprints an opportunity's attribution inputs with its own hash function
ENGINE_OWN_COLUMNS = {"inputs_hash"}


def without_engine_own(columns: list[str], rows: list[tuple]) -> tuple[list[str], list[tuple]]:
    keep = [i for i, c in enumerate(columns) if c not in ENGINE_OWN_COLUMNS]
    return [columns[i] for i in keep], [tuple(row[i] for i in keep) for row in rows]


def differences(duck: dict, server: dict, table: str) -> list:
    columns, expected = without_engine_own(*rows_of(duck, table))
    got_columns, got = without_engine_own(*rows_of(server, table))
    return row_differences(table, columns, expected, got_columns, got, "DuckDB")


def compared_tables(duck: dict) -> list[str]:
    with engines.connect(environ=duck) as con:
        reports = [r[0] for r in con.execute(
            "select table_name from information_schema.tables where table_schema = 'main' "
            "and table_name like 'rpt%' order by 1").fetchall()]
    return ["kpi_monthly", "fct_attribution", *reports]


@pytest.mark.parametrize("dataset", DATASETS)
def test_every_compared_model_equals_duckdb(built, dataset):
    duck, server = built[dataset]
    tables = compared_tables(duck)
    assert len(tables) > 40
    found = [d for table in tables for d in differences(duck, server, table)[:3]]
    assert found[:10] == []


def test_kpi_monthly_equals_the_independent_computation(built, parity_raw):
    _, server = built["generated"]
    expected = Reference(parity_raw).kpis()
    with engines.connect(environ=server) as con:
        rows = con.execute("select month, segment, region, metric, value from kpi_monthly"
                           ).fetchall()
    got = {(m if isinstance(m, date) and not isinstance(m, datetime) else m.date(), s, r, k):
           plain(v) for m, s, r, k, v in rows}
    assert len(expected) > 1000 and set(got) == set(expected)
    wrong = [(key, got[key], value) for key, value in expected.items()
             if not (got[key] is None and value is None) and (
                 got[key] is None or value is None
                 or not math.isclose(got[key], value, rel_tol=1e-9, abs_tol=1e-6))]
    assert wrong[:10] == []


def test_the_pack_shows_the_same_numbers(built, tmp_path):
    """meeting-pack.json from the engine equals DuckDB's (every number, every headline)."""
    duck, server = built["demo"]
    packs = {}
    for name, settings in (("duckdb", duck), ("engine", server)):
        env = {k: v for k, v in os.environ.items() if k not in (
            "PERIOD", "COMPARE", "SEGMENT", "REGION", "MODEL", "FORMAT", "ENGINE")}
        result = subprocess.run([sys.executable, "-m", "shared_funnel.pack", "--reports",
                                 str(tmp_path / name)], cwd=PROJECT_DIR, env={**env, **settings},
                                capture_output=True, text=True, timeout=900)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        packs[name] = json.loads(next((tmp_path / name).glob("*/meeting-pack.json")).read_text())
        page = next((tmp_path / name).glob("*/meeting-pack.html")).read_text()
        assert "log4j" not in page and "WARN " not in page  # no engine's stderr for readers
    a, b = packs["duckdb"], packs["engine"]
    assert len(a["numbers"]) > 200 and len(a["numbers"]) == len(b["numbers"])
    for x, y in zip(a["numbers"], b["numbers"], strict=True):
        assert {k: v for k, v in x.items() if k != "value"} == {
            k: v for k, v in y.items() if k != "value"}
        assert close(plain(x["value"]), plain(y["value"])), (x, y)
    assert a["headlines"] == b["headlines"]


def test_the_semantic_layer_answers_kpi_monthly(built, tmp_path):
    """mf query on the engine equals the engine's kpi_monthly (MetricFlow has no Spark
    engine: Databricks, PostgreSQL, DuckDB and others, not Spark)."""
    _, server = built["demo"]
    if server["ENGINE"] == "spark":
        pytest.skip("MetricFlow 0.15 has no Spark SQL engine (README: Other engines)")
    env = {**os.environ, **server, "DBT_PROFILES_DIR": str(PROJECT_DIR)}
    bin_dir = os.path.dirname(sys.executable)
    parse = subprocess.run([os.path.join(bin_dir, "dbt"), "parse", "--quiet"], cwd=PROJECT_DIR,
                           env=env, capture_output=True, text=True, timeout=600)
    assert parse.returncode == 0, parse.stdout[-3000:]
    out = tmp_path / "mf.csv"
    result = subprocess.run([os.path.join(bin_dir, "mf"), "query", "--metrics",
                             "won_revenue,mqls,win_rate", "--group-by", "metric_time__month",
                             "--csv", str(out)], cwd=PROJECT_DIR, env=env, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    import csv

    with out.open() as f:
        semantic = {row["metric_time__month"][:10]: row for row in csv.DictReader(f)}
    with engines.connect(environ=server) as con:
        kpis = con.execute("select month, metric, value from kpi_monthly where segment = 'all' "
                           "and region = 'all' and metric in ('won_revenue', 'mqls', 'win_rate')"
                           ).fetchall()
    compared = 0
    for month, metric, value in kpis:
        text = semantic.get(str(month)[:10], {}).get(metric, "")
        if value in (None, 0) or not text:
            assert value in (None, 0) and float(text or 0) == 0, (month, metric, value, text)
            continue
        assert math.isclose(float(text), float(value), rel_tol=1e-9), (month, metric)
        compared += 1
    assert compared >= 40


def test_the_lab_notebook_reads_the_engine(built, tmp_path):
    """notebooks/explore.ipynb (make lab) runs against the engine and shows its marts."""
    _, server = built["demo"]
    out = tmp_path / "explore.ipynb"
    env = {**{k: v for k, v in os.environ.items() if k != "ENGINE"}, **server}
    result = subprocess.run([sys.executable, "-m", "papermill", "--cwd", str(PROJECT_DIR),
                             str(PROJECT_DIR / "notebooks" / "explore.ipynb"), str(out)],
                            cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    notebook = json.loads(out.read_text())
    outputs = [o for c in notebook["cells"] for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    shown = json.dumps(outputs)
    assert "won_revenue" in shown and "<svg" in shown
