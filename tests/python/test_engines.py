"""The connection module's own rules (no server needed): engine names, placeholders, the
frames the pack gets, and the raw-file plan. tests/engines runs the real engines."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime
from decimal import Decimal

import pandas as pd
import pytest

from shared_funnel import engines

from ..conftest import PROJECT_DIR


def test_an_unknown_engine_is_named_with_the_valid_ones():
    with pytest.raises(engines.EngineError, match="ENGINE=oracle .* duckdb, postgres, spark"):
        engines.engine({"ENGINE": "oracle"})
    assert engines.engine({}) == "duckdb" and engines.engine({"ENGINE": " Postgres "}) == "postgres"


def test_a_build_with_an_unknown_engine_stops_with_one_line(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "ENGINE": "oracle", "DUCKDB_PATH": str(tmp_path / "w.duckdb")}
    result = subprocess.run([sys.executable, "-m", "shared_funnel.build"], cwd=PROJECT_DIR,
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "ENGINE=oracle is not an engine" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "w.duckdb").exists()


def test_placeholders_become_the_drivers_outside_quotes_only():
    sql = "select '?' as q, 'it''s ?' as r, x from t where a = ? and b like '10%' and c = ?"
    got = engines.QUESTION_MARK.sub("%s", sql.replace("%", "%%"))
    assert got == ("select '?' as q, 'it''s ?' as r, x from t where a = %s and b like '10%%' "
                   "and c = %s")


def test_rows_from_a_server_reach_the_pack_as_duckdb_gives_them():
    result = engines.Result(
        ["month", "at", "value", "n", "label", "flag"],
        [(date(2025, 1, 1), datetime(2025, 1, 2, 3, 4), engines.fix_value(Decimal("1.5")), 3,
          "a", True),
         (None, None, None, None, None, None)])
    frame = result.df()
    assert pd.api.types.is_datetime64_any_dtype(frame["month"])
    assert pd.api.types.is_datetime64_any_dtype(frame["at"])
    assert frame["month"][0] == pd.Timestamp("2025-01-01") and pd.isna(frame["month"][1])
    assert frame["value"][0] == 1.5 and isinstance(engines.fix_value(Decimal("2")), float)
    assert frame["label"].tolist() == ["a", None] and frame["flag"][0] is True
    assert result.fetchone() == result.fetchall()[0]


def test_the_raw_plan_names_missing_required_tables(tmp_path):
    (tmp_path / "leads.csv").write_text("lead_id\n")
    (tmp_path / "accounts.parquet").write_bytes(b"")
    missing = "missing in .*: users, campaigns, campaign_members, opportunities "
    with pytest.raises(engines.EngineError, match=missing):
        engines.raw_plan(tmp_path)
    plan = engines.raw_plan(tmp_path, "salesforce")  # a CRM's objects are all optional
    assert plan["leads"] == tmp_path / "leads.csv" and plan["accounts"].suffix == ".parquet"
    assert plan["opportunities"] is None and "lead_history" in plan


def test_settings_come_from_the_environment_with_local_defaults(tmp_path):
    assert engines.postgres_settings({}) == {"host": "localhost", "port": 5432,
                                             "user": "shared_funnel", "password": "",
                                             "dbname": "shared_funnel"}
    assert engines.schema({"ENGINE": "postgres", "PG_SCHEMA": "analytics"}) == "analytics"
    assert engines.spark_warehouse_dir({"SPARK_WAREHOUSE_DIR": str(tmp_path)}) == tmp_path
    assert engines.describe({"ENGINE": "spark", "SPARK_METHOD": "thrift",
                             "SPARK_HOST": "h"}) == "Spark Thrift server h:10000"
