"""The folded column test (tests/generic/column_rules.sql): each rule counts exactly the rows
that break it, and a clean or empty table passes. The macro is rendered with Jinja as dbt
renders it and run on DuckDB against tables made to break each rule."""
from __future__ import annotations

import re
from pathlib import Path

import duckdb
import jinja2
import pytest

MACRO = Path(__file__).resolve().parents[1] / "generic" / "column_rules.sql"

RULES = {
    "unique": ["k"],
    "not_null": ["k", "v"],
    "grain": ["g1", "g2"],
    "accepted_values": {"s": ["open", "it's"]},
    "accepted_range": {"n": {"min_value": 1, "max_value": 4}, "m": {"min_value": 0}},
}


def render(model: str, **rules) -> str:
    source = MACRO.read_text(encoding="utf-8")
    source = re.sub(r"\{%\s*test\s+", "{% macro ", source)
    source = re.sub(r"\{%\s*endtest\s*%\}", "{% endmacro %}", source)
    env = jinja2.Environment(extensions=["jinja2.ext.do"])
    return str(env.from_string(source).module.column_rules(model, **rules))


def broken(rows: list[tuple], **rules) -> set[tuple]:
    con = duckdb.connect()
    con.execute("create table t (k varchar, v integer, g1 varchar, g2 varchar, s varchar, "
                "n integer, m double)")
    if rows:
        con.executemany("insert into t values (?, ?, ?, ?, ?, ?, ?)", rows)
    return set(con.execute(render("t", **rules)).fetchall())


CLEAN = [
    ("a", 1, "x", "1", "open", 1, 0.0),
    ("b", 2, "x", "2", "it's", 4, 9.5),
    ("c", 3, "y", "1", None, None, None),
]


def test_clean_and_empty_tables_pass():
    assert broken(CLEAN, **RULES) == set()
    assert broken([], **RULES) == set()


def test_each_rule_counts_the_rows_that_break_it():
    rows = [*CLEAN,
            ("a", None, "x", "1", "closed", 0, -1.0),     # dup key, null v, dup grain, bad s, n, m
            (None, 5, None, None, "open", 5, 0.0),        # null key, n too high
            (None, 6, None, None, "open", 2, 0.0)]        # null key; grain of nulls repeated
    assert broken(rows, **RULES) == {
        ("unique", "k", 1),             # one extra 'a'; nulls are not duplicates
        ("not_null", "k", 2),
        ("not_null", "v", 1),
        ("grain", "g1, g2", 4),         # (x, 1) twice and (null, null) twice
        ("accepted_values", "s", 1),    # null s is allowed
        ("accepted_range", "n", 2),
        ("accepted_range", "m", 1),
    }


@pytest.mark.parametrize("rule, args, row, expected", [
    ("unique", {"unique": ["k"]}, ("a", 9, "z", "9", "open", 1, 0.0), ("unique", "k", 1)),
    ("not_null", {"not_null": ["v"]}, ("d", None, "z", "9", "open", 1, 0.0),
     ("not_null", "v", 1)),
    ("grain", {"grain": ["g1", "g2"]}, ("d", 9, "x", "1", "open", 1, 0.0),
     ("grain", "g1, g2", 2)),
    ("accepted_values", {"accepted_values": {"s": ["open", "it's"]}},
     ("d", 9, "z", "9", "its", 1, 0.0), ("accepted_values", "s", 1)),
    ("accepted_range", {"accepted_range": {"n": {"max_value": 4}}},
     ("d", 9, "z", "9", "open", 5, 0.0), ("accepted_range", "n", 1)),
])
def test_one_rule_alone(rule, args, row, expected):
    assert broken(CLEAN, **args) == set()
    assert broken([*CLEAN, row], **args) == {expected}


def test_a_failed_build_names_the_broken_rule_column_and_rows(tmp_path):
    from shared_funnel.build import broken_column_rules

    warehouse = tmp_path / "w.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create table fct_x as select * from (values ('a'), ('a'), (null)) v(k)")
    compiled = tmp_path / "column_rules_fct_x.sql"
    compiled.write_text(render("fct_x", unique=["k"], not_null=["k"]), encoding="utf-8")
    lines = ["Failure in test column_rules_fct_x (models/marts/_x.yml)",
             "  Got 2 results, configured to fail if != 0", "",
             f"  compiled code at {compiled}"]
    out = broken_column_rules(lines, {"ENGINE": "duckdb", "DUCKDB_PATH": str(warehouse)})
    assert sorted(out) == ["fct_x.k: 1 row(s) break the rule not_null",
                           "fct_x.k: 1 row(s) break the rule unique"]
