"""Benchmark: generate raw data at a given scale, build the warehouse, render a pack;
print the wall time of each step and the machine it ran on.

    python -m shared_funnel.bench --leads 100000
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import tempfile
import time
from pathlib import Path

import duckdb

from shared_funnel import demo_data
from shared_funnel.build import build
from shared_funnel.pack import produce


def machine() -> str:
    mem = ""
    try:
        kb = int(next(line for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal")).split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    return (f"{os.cpu_count()} cores{mem}, {platform.machine()}, Python "
            f"{platform.python_version()}, DuckDB {duckdb.__version__}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=100_000)
    parser.add_argument("--format", choices=["csv", "parquet"], default="parquet")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="shared-funnel-bench-"))
    timings = []
    try:
        start = time.monotonic()
        counts = demo_data.write(work / "raw", leads=args.leads, seed=1, fmt=args.format)
        timings.append(("generate raw data", time.monotonic() - start))
        warehouse = work / "wh" / "shared_funnel.duckdb"
        start = time.monotonic()
        build(work / "raw", warehouse)
        timings.append(("build + test warehouse (dbt build)", time.monotonic() - start))
        start = time.monotonic()
        produce(warehouse=warehouse, reports=work / "reports")
        timings.append(("render meeting pack", time.monotonic() - start))
        size = sum(p.stat().st_size for p in (work / "reports").glob("*/meeting-pack.html"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\nShared Funnel benchmark on {machine()}")
    print(f"raw rows: leads {counts['leads']:,}, opportunities {counts['opportunities']:,}, "
          f"campaign responses {counts['campaign_members']:,} ({args.format})")
    print("| step | seconds |\n|---|---:|")
    for name, seconds in timings:
        print(f"| {name} | {seconds:.1f} |")
    print(f"| pack size | {size / 1e6:.2f} MB |")


if __name__ == "__main__":
    main()
