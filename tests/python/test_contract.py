"""The raw contract in Python (generator) and in YAML (sources) are the same contract."""

from __future__ import annotations

import re

import yaml

from shared_funnel.contract import RAW_TABLES, REQUIRED_TABLES

from ..conftest import PROJECT_DIR


def test_sources_yaml_matches_the_contract():
    sources = yaml.safe_load((PROJECT_DIR / "models/staging/crm/_crm__sources.yml").read_text())
    tables = {t["name"]: t for t in sources["sources"][0]["tables"]}
    assert list(tables) == list(RAW_TABLES)
    for name, columns in RAW_TABLES.items():
        assert [c["name"] for c in tables[name]["columns"]] == columns, name
        assert tables[name]["meta"]["required"] == (name in REQUIRED_TABLES), name


# Functions that exist in one engine only (DuckDB, PostgreSQL or Spark), and the run date:
# models must go through dbt's cross-database macros or ours (a `dbt.` or macro call is
# fine). tests/engines runs every model on PostgreSQL and Spark.
ENGINE_ONLY = [r"try_cast\s*\(", r"epoch_us", r"make_timestamp", r"strftime", r"strptime",
               r"date_diff", r"datediff\s*\(", r"date_trunc\s*\(", r"list_\w+\(",
               r"struct_pack", r"regexp_matches", r"read_csv", r"read_parquet", r"current_date",
               r"current_timestamp", r"now\(\)", r"today\(\)", r"::", r"\bqualify\b",
               r"group by all", r"order by all", r"exclude\s*\(",
               r"monotonically_increasing_id", r"\bnvl2?\s*\(", r"\bilike\b", r"percentile\s*\(",
               r"to_unix_timestamp", r"at time zone", r"generate_series\s*\("]


def test_models_use_no_duckdb_only_function_and_no_run_date():
    offenders = []
    for path in (PROJECT_DIR / "models").rglob("*.sql"):
        text = re.sub(r"\{#.*?#\}", "", path.read_text(), flags=re.S).lower()
        text = re.sub(r"--[^\n]*", "", text)
        offenders += [f"{path.name}: {pattern}" for pattern in ENGINE_ONLY
                      if re.search(r"(?<![\w.])" + pattern, text)]
    assert offenders == []


def test_the_portability_check_catches_a_duckdb_function(tmp_path):
    text = "select try_cast(x as int), {{ dbt.datediff('a', 'b', 'day') }} from t"
    hits = [p for p in ENGINE_ONLY if re.search(r"(?<![\w.])" + p, text)]
    assert hits == [r"try_cast\s*\("]
