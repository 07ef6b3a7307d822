"""Run the hand-written baseline (bench/baseline_kpi_monthly.sql) on a raw folder of
Parquet files and compare a warehouse's kpi_monthly with it.

    python bench/baseline.py --raw /tmp/raw [--compare warehouse.duckdb] [--save kpis.json]

`make bench` runs it in a process of its own and reads the values it saves: the
benchmark's own process stays small, so the processes it starts later do not inherit its
memory (a fork counts the parent's resident pages in the child's peak).
"""

from __future__ import annotations

import argparse
import json
import math
from datetime import date
from pathlib import Path

import duckdb

from shared_funnel.contract import RAW_TABLES  # the table names only

BENCH_DIR = Path(__file__).resolve().parent


def connect(raw: Path, memory_limit: str = "4GB"):
    con = duckdb.connect()
    con.execute(f"set memory_limit = '{memory_limit}'")
    for table in RAW_TABLES:
        path = str(raw / f"{table}.parquet").replace("'", "''")
        con.execute(f"create view raw_{table} as select * from "
                    f"read_parquet('{path}', file_row_number = true)")
    # targets' quota columns are optional: a file without them holds segment targets only
    have = {r[0] for r in con.execute("describe raw_targets").fetchall()}
    missing = [c for c in ("owner_id", "team") if c not in have]
    if missing:
        path = str(raw / "targets.parquet").replace("'", "''")
        extra = ", ".join(f"cast(null as varchar) as {c}" for c in missing)
        con.execute(f"create or replace view raw_targets as select *, {extra} from "
                    f"read_parquet('{path}', file_row_number = true)")
    return con


def run(raw: Path, memory_limit: str = "4GB") -> dict[tuple, float | None]:
    """(month, segment, region, metric) -> value, as the baseline computes it."""
    con = connect(raw, memory_limit)
    try:
        con.execute((BENCH_DIR / "baseline_kpi_monthly.sql").read_text(encoding="utf-8"))
        rows = con.execute("select month, segment, region, metric, value "
                           "from baseline_kpi_monthly").fetchall()
    finally:
        con.close()
    return {(m, s, r, k): v for m, s, r, k, v in rows}


def save(values: dict[tuple, float | None], path: Path) -> None:
    rows = [[m.isoformat(), s, r, k, v] for (m, s, r, k), v in values.items()]
    path.write_text(json.dumps(rows), encoding="utf-8")


def load(path: Path) -> dict[tuple, float | None]:
    return {(date.fromisoformat(m), s, r, k): v
            for m, s, r, k, v in json.loads(path.read_text(encoding="utf-8"))}


def warehouse_kpis(warehouse: Path) -> dict[tuple, float | None]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = con.execute("select month, segment, region, metric, value from main.kpi_monthly"
                           ).fetchall()
    finally:
        con.close()
    return {(m, s, r, k): v for m, s, r, k, v in rows}


def differences(built: dict, baseline: dict, limit: int = 10) -> list[str]:
    """Where the build's kpi_monthly and the baseline disagree (empty: they are equal)."""
    out = []
    for key in sorted(set(built) | set(baseline), key=str):
        a, b = built.get(key, "missing"), baseline.get(key, "missing")
        same = (a is None and b is None) or (
            isinstance(a, float | int) and isinstance(b, float | int)
            and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6))
        if not same:
            out.append(f"{key}: build {a}, baseline {b}")
    return out[:limit] + ([f"... {len(out) - limit} more"] if len(out) > limit else [])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, required=True)
    parser.add_argument("--compare", type=Path)
    parser.add_argument("--save", type=Path, help="write the values as JSON to this file")
    args = parser.parse_args(argv)
    baseline = run(args.raw)
    print(f"baseline: {len(baseline):,} kpi_monthly values")
    if args.save:
        save(baseline, args.save)
    if args.compare:
        diff = differences(warehouse_kpis(args.compare), baseline)
        print("\n".join(diff) if diff else "the warehouse's kpi_monthly equals the baseline")


if __name__ == "__main__":
    main()
