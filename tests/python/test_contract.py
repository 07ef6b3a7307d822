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


# Functions that exist in DuckDB but not in Postgres/Spark: models must go through macros.
DUCKDB_ONLY = ["try_cast", "epoch_us", "make_timestamp", "strftime", "strptime", "date_diff",
               "datediff(", "date_trunc", "list_", "struct_pack", "regexp_matches", "read_csv",
               "read_parquet", "current_date", "current_timestamp", "now()", "today()",
               "::", "qualify", "group by all", "order by all", "exclude ("]


def test_models_use_no_duckdb_only_function_and_no_run_date():
    offenders = []
    for path in (PROJECT_DIR / "models").rglob("*.sql"):
        text = re.sub(r"\{#.*?#\}", "", path.read_text(), flags=re.S).lower()
        offenders += [f"{path.name}: {word}" for word in DUCKDB_ONLY if word in text]
    assert offenders == []
