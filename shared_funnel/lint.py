"""`make lint`'s SQL half: sqlfluff with its dbt templater, which compiles every model.

The base models look up their raw tables while compiling, and a build keeps none (it reads
the raw files in place and drops its views over them). So sqlfluff gets a copy of the
warehouse with the demo seeds as the raw tables (text views over the CSVs); the warehouse
itself is never touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb

from shared_funnel.build import DEFAULT_DUCKDB, PROJECT_DIR, SEEDS_DIR


def lint_copy(source: Path, folder: Path) -> Path:
    """A copy of the warehouse (same file name, so the same database name) with every demo
    seed as a view raw.<table>."""
    copy = folder / source.name
    shutil.copy2(source, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("create schema if not exists raw")
        for csv in sorted(SEEDS_DIR.glob("*.csv")):
            path = str(csv).replace("'", "''")
            con.execute(f'create or replace view raw."{csv.stem}" as select * from '
                        f"read_csv('{path}', all_varchar = true, header = true)")
    return copy


def main(argv: list[str]) -> int:
    source = Path(os.environ.get("DUCKDB_PATH") or DEFAULT_DUCKDB).resolve()
    with tempfile.TemporaryDirectory(prefix="shared-funnel-lint-") as tmp:
        env = {**os.environ, "DUCKDB_PATH": str(lint_copy(source, Path(tmp)))}
        sqlfluff = Path(sys.executable).with_name("sqlfluff")
        return subprocess.call([str(sqlfluff), "lint", *argv], cwd=PROJECT_DIR, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
