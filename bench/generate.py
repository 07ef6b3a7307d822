"""Write the benchmark's raw data (the twelve contract tables as Parquet) at any scale.

    python bench/generate.py --leads 1000000 --out /tmp/raw [--extra 0.01] [--seed 1]

The work is one DuckDB SQL script (bench/generate.sql): no Python loop per row. `--extra
0.01` writes the same history plus 1% more leads created after it (with their responses,
activities and deals): the base files with rows appended, for the incremental build.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import duckdb

BENCH_DIR = Path(__file__).resolve().parent
SEEDS_DIR = BENCH_DIR.parent / "seeds"


def generate(out: Path, leads: int, extra: float = 0.0, seed: int = 1,
             memory_limit: str = "4GB") -> dict[str, int]:
    """Write the files into `out`; returns the rows of each table."""
    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    try:
        con.execute(f"set memory_limit = '{memory_limit}'")
        con.execute("set preserve_insertion_order = true")
        for name, value in {"leads": leads, "extra": extra, "seed": seed,
                            "seeds_dir": str(SEEDS_DIR), "out_dir": str(out)}.items():
            con.execute(f"set variable {name} = ?", [value])
        con.execute((BENCH_DIR / "generate.sql").read_text(encoding="utf-8"))
    finally:
        con.close()
    return row_counts(out)


def row_counts(raw: Path) -> dict[str, int]:
    """The rows of each Parquet file of a raw folder, by table."""
    con = duckdb.connect()
    try:
        return {p.stem: con.execute("select count(*) from read_parquet(?)", [str(p)]).fetchone()[0]
                for p in sorted(raw.glob("*.parquet"))}
    finally:
        con.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=100_000)
    parser.add_argument("--extra", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    for table, rows in generate(args.out, args.leads, args.extra, args.seed).items():
        print(f"{table:28s} {rows:>12,d} rows -> {args.out}/{table}.parquet")


if __name__ == "__main__":
    main()
