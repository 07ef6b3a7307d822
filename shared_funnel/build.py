"""Build the warehouse: load raw data, run dbt (models and tests), swap the file in.

    python -m shared_funnel.build [--raw-dir DIR] [--duckdb PATH] [--vars YAML]

dbt writes into a copy beside the warehouse; only a build whose models and tests pass
replaces the old file (by rename), so a notebook holding the warehouse open read-only
never blocks a build and never sees a half-built one.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DUCKDB = PROJECT_DIR / "warehouse" / "shared_funnel.duckdb"


class BuildError(RuntimeError):
    """A build step failed; the message says which and why."""


def project_vars() -> dict:
    """The vars dbt_project.yml documents, with their defaults."""
    import yaml

    project = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    return dict(project.get("vars") or {})


def merge_vars(dbt_vars: str | None, overrides: dict) -> str:
    """The --vars JSON for dbt: the user's VARS (YAML: '{sla_hours: 48}' or 'sla_hours: 48')
    parsed and checked against the documented vars, then the build's own settings."""
    import yaml

    try:
        given = yaml.safe_load(dbt_vars) if dbt_vars and dbt_vars.strip() else {}
    except yaml.YAMLError as exc:
        raise BuildError(f"VARS is not valid YAML ({str(exc).splitlines()[0]}): {dbt_vars!r}. "
                         "Write it like VARS='sla_hours: 48' or VARS='{sla_hours: 48, "
                         "lookback_days: 180}'.") from None
    if given is None:
        given = {}
    if not isinstance(given, dict):
        raise BuildError(f"VARS must name vars and values, like VARS='sla_hours: 48'; got "
                         f"{dbt_vars!r}.")
    known = project_vars()
    unknown = sorted(str(name) for name in given if name not in known)
    if unknown:
        raise BuildError(f"VARS names {', '.join(unknown)}, which is not a var of this "
                         f"project. Valid vars: {', '.join(sorted(known))} (documented in "
                         "dbt_project.yml and the README).")
    return json.dumps({**given, **overrides}, default=str)


def dbt_executable() -> str:
    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else "dbt"


def run_dbt(args: list[str], env: dict[str, str], step: str) -> None:
    cmd = [dbt_executable(), *args, "--project-dir", str(PROJECT_DIR),
           "--profiles-dir", str(PROJECT_DIR)]
    started = time.monotonic()
    print(f"==> {step}", flush=True)
    proc = subprocess.Popen(cmd, env=env, cwd=PROJECT_DIR, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    errors: list[str] = []
    assert proc.stdout is not None
    for line in proc.stdout:
        print("    " + line.rstrip(), flush=True)
        if "Error" in line or "FAIL" in line or "error" in line:
            errors.append(line.strip())
    if proc.wait() != 0:
        summary = "\n".join(f"  {e}" for e in errors[-12:]) or "  (see the dbt output above)"
        raise BuildError(f"{step} failed:\n{summary}")
    print(f"    ({time.monotonic() - started:.1f} s)", flush=True)


def report_triage(duckdb_path: Path) -> None:
    """Name every rejected and suspicious row group: table, rule, column, count."""
    import duckdb

    with duckdb.connect(str(duckdb_path), read_only=True) as con:
        rejected = con.execute(
            "select source_table, rule, count(*), min(reason) from rejected_rows "
            "group by all order by 1, 2").fetchall()
        flagged = con.execute(
            "select source_table, rule, count(*), min(detail) from data_quality_issues "
            "group by all order by 1, 2").fetchall()
        superseded = con.execute(
            "select source_table, count(*) from superseded_rows group by all order by 1"
        ).fetchall()
    if rejected:
        print("Rejected rows (not counted anywhere; see the rejected_rows model):")
        for table, rule, n, example in rejected:
            print(f"  {table}: {n} row(s) {rule} - e.g. {example}")
    if superseded:
        print("Superseded rows (older versions of a key): "
              + ", ".join(f"{t} {n}" for t, n in superseded))
    if flagged:
        print("Suspicious rows kept (see the data_quality_issues model):")
        for table, rule, n, example in flagged:
            print(f"  {table}: {n} row(s) {rule} - e.g. {example}")


def build(raw_dir: Path | None = None, duckdb_path: Path = DEFAULT_DUCKDB,
          dbt_vars: str | None = None, raw_schema: str | None = None) -> Path:
    """Build the warehouse at duckdb_path; return its path. Raises BuildError."""
    target = Path(duckdb_path).resolve()
    overrides: dict = {}
    if raw_dir is not None or raw_schema:
        overrides["load_source_data"] = False
    if raw_schema:
        overrides["raw_schema"] = raw_schema
    var_args = ["--vars", merge_vars(dbt_vars, overrides)]
    if raw_dir is not None:
        raw_dir = Path(raw_dir).resolve()
        if not raw_dir.is_dir():
            raise BuildError(f"RAW_DIR {raw_dir} is not a folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    workdir = target.parent / f".building-{os.getpid()}"
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir()
    scratch = workdir / target.name  # same file name: DuckDB's catalog is the file stem
    if raw_schema and target.exists():
        shutil.copy2(target, scratch)  # the raw tables live in the warehouse itself
    env = {**os.environ, "DUCKDB_PATH": str(scratch), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
           "DBT_USE_COLORS": "false"}
    try:
        if raw_dir is not None:
            run_dbt(["run-operation", "load_raw_files", "--args", f"{{raw_dir: '{raw_dir}'}}",
                     *var_args], env, f"load raw files from {raw_dir}")
        elif not raw_schema:
            run_dbt(["seed", *var_args], env, "load the demo seeds")
        run_dbt(["build", "--exclude", "resource_type:seed", *var_args], env,
                "build models and run tests")
        os.replace(scratch, target)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    report_triage(target)
    print(f"Warehouse ready: {target}")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the Shared Funnel warehouse.")
    parser.add_argument("--raw-dir", type=Path, default=os.environ.get("RAW_DIR") or None,
                        help="folder of raw CSV/Parquet files (default: the demo seeds)")
    parser.add_argument("--raw-schema", default=os.environ.get("RAW_SCHEMA") or None,
                        help="read raw tables from this schema of the warehouse file instead")
    parser.add_argument("--duckdb", type=Path,
                        default=Path(os.environ.get("DUCKDB_PATH") or DEFAULT_DUCKDB))
    parser.add_argument("--vars", default=os.environ.get("VARS") or None,
                        help="dbt vars as YAML, e.g. '{sla_hours: 48}'")
    args = parser.parse_args(argv)
    try:
        build(args.raw_dir, args.duckdb, args.vars, args.raw_schema)
    except BuildError as exc:
        print(f"\nBUILD FAILED: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
