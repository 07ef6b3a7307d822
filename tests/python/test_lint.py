"""make lint compiles the base models against a copy of the warehouse that holds the demo
seeds as raw tables (a build keeps none); the warehouse itself is not touched."""
from __future__ import annotations

import csv

import duckdb

from shared_funnel.build import SEEDS_DIR
from shared_funnel.lint import lint_copy


def test_the_lint_copy_has_every_raw_table_and_leaves_the_warehouse_alone(tmp_path):
    source = tmp_path / "shared_funnel.duckdb"
    with duckdb.connect(str(source)) as con:
        con.execute("create table kept as select 1 as x")
    before = source.stat().st_mtime_ns
    (tmp_path / "lint").mkdir()
    copy = lint_copy(source, tmp_path / "lint")
    assert copy.name == source.name and copy != source
    assert source.stat().st_mtime_ns == before
    with duckdb.connect(str(source), read_only=True) as con:
        assert con.execute("select count(*) from information_schema.tables "
                           "where table_schema = 'raw'").fetchone()[0] == 0
    with duckdb.connect(str(copy), read_only=True) as con:
        assert con.execute("select x from kept").fetchall() == [(1,)]
        for seed in SEEDS_DIR.glob("*.csv"):
            with seed.open(newline="", encoding="utf-8") as f:
                header = next(csv.reader(f))
            rows = con.execute(f'select count(*) from raw."{seed.stem}"').fetchone()[0]
            columns = [r[0] for r in con.execute(f'describe raw."{seed.stem}"').fetchall()]
            assert columns == header and rows > 0, seed.stem
