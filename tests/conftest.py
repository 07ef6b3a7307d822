"""Shared fixtures: small raw folders and warehouses built by the real build command."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from shared_funnel import demo_data

PROJECT_DIR = Path(__file__).resolve().parent.parent
# tests/engines runs under `make test-postgres` / `make test-spark` (PARITY_ENGINE set) only
collect_ignore = [] if os.environ.get("PARITY_ENGINE") else ["engines"]
DEMO_WAREHOUSE = PROJECT_DIR / "warehouse" / "shared_funnel.duckdb"


def run_build(raw_dir: Path | None, duckdb_path: Path, extra_env: dict | None = None,
              vars_yaml: str | None = None) -> subprocess.CompletedProcess:
    """`make build` as a user runs it (a subprocess: dbt and a reader cannot share a process)."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("RAW_DIR", "RAW_SCHEMA", "VARS", "SOURCE", "SOURCES", "ENGINE")}
    env["DUCKDB_PATH"] = str(duckdb_path)
    if raw_dir is not None:
        env["RAW_DIR"] = str(raw_dir)
    if vars_yaml:
        env["VARS"] = vars_yaml
    env.update(extra_env or {})
    return subprocess.run([sys.executable, "-m", "shared_funnel.build"], cwd=PROJECT_DIR,
                          env=env, capture_output=True, text=True, timeout=900)


def query(duckdb_path: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(duckdb_path), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def read_csv(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write_csv(path: Path, rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="session")
def clean_raw(tmp_path_factory) -> Path:
    """A small raw folder the demo seeds never were (different seed and scale)."""
    folder = tmp_path_factory.mktemp("raw_clean")
    demo_data.write(folder, leads=800, seed=7)
    return folder


@pytest.fixture(scope="session")
def clean_warehouse(clean_raw, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("wh_clean") / "shared_funnel.duckdb"
    result = run_build(clean_raw, path)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    return path


@pytest.fixture(scope="session")
def demo_warehouse() -> Path:
    """The warehouse `make test` built from the demo seeds just before pytest started;
    built here if it is missing (pytest run on its own)."""
    if not DEMO_WAREHOUSE.exists():
        result = run_build(None, DEMO_WAREHOUSE)
        assert result.returncode == 0, result.stdout[-4000:]
    return DEMO_WAREHOUSE


def run_pack(reports: Path, warehouse: Path, *args: str) -> subprocess.CompletedProcess:
    """`make pack` as a user runs it, into the given reports folder."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PERIOD", "COMPARE", "SEGMENT", "REGION", "MODEL", "FORMAT", "ENGINE")}
    return subprocess.run(
        [sys.executable, "-m", "shared_funnel.pack", "--reports", str(reports),
         "--warehouse", str(warehouse), *args],
        cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def demo_pack(demo_warehouse, tmp_path_factory):
    """The pack for the demo data's latest complete month: (reports, folder, html)."""
    reports = tmp_path_factory.mktemp("reports")
    result = run_pack(reports, demo_warehouse)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    folder = next(p for p in reports.iterdir() if p.is_dir())
    return reports, folder, (folder / "meeting-pack.html").read_text(encoding="utf-8")
