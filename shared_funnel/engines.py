"""One small connection module: the warehouse on DuckDB (default), PostgreSQL or Spark.

ENGINE=duckdb|postgres|spark picks the engine everywhere (dbt's target, the pack, the lab,
the build's own reads); the settings are the environment variables profiles.yml reads:

- duckdb: DUCKDB_PATH (a file; opened read-only);
- postgres: PG_HOST, PG_PORT, PG_USER, PG_PASSWORD, PG_DATABASE, PG_SCHEMA (the marts);
- spark: SPARK_METHOD=session (a local PySpark over SPARK_WAREHOUSE_DIR, as dbt's session
  target) or thrift (SPARK_HOST, SPARK_PORT: a Spark Thrift server, through PyHive).

`connect()` gives an object with `execute(sql, params)` returning a result with `.df()`,
`.fetchall()` and `.fetchone()`, whatever the engine. SQL uses `?` for every value; the
engine's own placeholder is put in here. Table names are unqualified: they resolve in the
marts' schema.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd

ENGINES = ("duckdb", "postgres", "spark")
PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DUCKDB = PROJECT_DIR / "warehouse" / "shared_funnel.duckdb"


class EngineError(RuntimeError):
    """The warehouse could not be reached or read; the message says which and why."""


class MissingRelation(EngineError):
    """A table the query names is not in the warehouse (empty, half-built or older)."""


class Unavailable(EngineError):
    """The warehouse cannot be opened (locked, not running, wrong settings)."""


def engine(environ: dict | None = None) -> str:
    name = ((environ if environ is not None else os.environ).get("ENGINE") or "duckdb")
    name = name.strip().lower()
    if name not in ENGINES:
        raise EngineError(f"ENGINE={name} is not an engine this project runs on; use one of "
                          f"{', '.join(ENGINES)} (default duckdb).")
    return name


def describe(environ: dict | None = None) -> str:
    """Where the warehouse is, in words, for messages."""
    env = environ if environ is not None else os.environ
    name = engine(env)
    if name == "postgres":
        pg = postgres_settings(env)
        return (f"PostgreSQL {pg['user']}@{pg['host']}:{pg['port']}/{pg['dbname']}, "
                f"schema {schema(env)}")
    if name == "spark":
        if spark_method(env) == "thrift":
            host, port = env.get("SPARK_HOST", "localhost"), env.get("SPARK_PORT", "10000")
            return f"Spark Thrift server {host}:{port}"
        return f"Spark (local session) in {spark_warehouse_dir(env)}"
    return str(Path(env.get("DUCKDB_PATH") or DEFAULT_DUCKDB).resolve())


def schema(environ: dict | None = None) -> str:
    """The schema of the marts and rpt_ models (DuckDB: main)."""
    env = environ if environ is not None else os.environ
    return {"postgres": env.get("PG_SCHEMA") or "main",
            "spark": env.get("SPARK_SCHEMA") or "main"}.get(engine(env), "main")


def spark_method(environ: dict | None = None) -> str:
    env = environ if environ is not None else os.environ
    return (env.get("SPARK_METHOD") or "session").strip().lower()


def spark_warehouse_dir(environ: dict | None = None) -> Path:
    """Where a local Spark session keeps its tables and catalog (as profiles.yml)."""
    env = environ if environ is not None else os.environ
    folder = Path(env.get("SPARK_WAREHOUSE_DIR") or "warehouse/spark")
    return folder if folder.is_absolute() else (PROJECT_DIR / folder)


class Result:
    """The rows of one query: `.df()`, `.fetchall()`, `.fetchone()`."""

    def __init__(self, columns: list[str], rows: list[tuple]):
        self.columns = columns
        self.rows = rows

    def df(self) -> pd.DataFrame:
        """As DuckDB's .df() gives it: dates and timestamps as pandas datetimes, text as
        objects (None for null)."""
        from datetime import date

        frame = pd.DataFrame({c: pd.Series([r[i] for r in self.rows], dtype=object)
                              for i, c in enumerate(self.columns)})
        for column in frame.columns:
            values = frame[column].dropna()
            if len(values) and all(isinstance(v, date) for v in values):
                frame[column] = pd.to_datetime(frame[column])
            elif len(values) and all(isinstance(v, bool) for v in values):
                continue
            elif len(values) and all(isinstance(v, int | float) for v in values):
                frame[column] = pd.to_numeric(frame[column])
        return frame

    def fetchall(self) -> list[tuple]:
        return list(self.rows)

    def fetchone(self) -> tuple | None:
        return self.rows[0] if self.rows else None


class Connection:
    """A read connection to one engine; `execute` binds `?` parameters."""

    name = "duckdb"

    def execute(self, sql: str, params: list | tuple = ()):
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class DuckDBConnection(Connection):
    name = "duckdb"

    def __init__(self, path: Path, read_only: bool = True):
        import duckdb

        try:
            self.con = duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:  # held for writing, or not a DuckDB file
            raise Unavailable(str(exc).splitlines()[0]) from None
        except duckdb.Error as exc:
            raise EngineError(str(exc).splitlines()[0]) from None
        # One thread: a parallel sum of doubles can differ in its last bits from run to
        # run, and the pack must be byte-identical for the same warehouse.
        self.con.execute("set threads = 1")

    def execute(self, sql: str, params: list | tuple = ()):
        import duckdb

        try:
            return self.con.execute(sql, list(params))
        except duckdb.CatalogException as exc:
            raise MissingRelation(str(exc).splitlines()[0]) from None
        except duckdb.Error as exc:
            raise EngineError(str(exc).splitlines()[0]) from None

    def close(self) -> None:
        self.con.close()


QUESTION_MARK = re.compile(r"\?(?=(?:[^']*'[^']*')*[^']*$)")


class PostgresConnection(Connection):
    name = "postgres"

    def __init__(self, environ: dict):
        try:
            import psycopg2
        except ImportError:
            raise Unavailable("ENGINE=postgres needs the PostgreSQL extra: "
                              ".venv/bin/pip install -e '.[postgres]' (make install-postgres)"
                              ) from None
        self.psycopg2 = psycopg2
        try:
            self.con = psycopg2.connect(**postgres_settings(environ), connect_timeout=10)
        except psycopg2.Error as exc:
            raise Unavailable(f"{describe(environ)} cannot be reached: "
                              f"{str(exc).strip().splitlines()[0]}") from None
        self.con.set_session(readonly=True, autocommit=True)
        with self.con.cursor() as cur:
            cur.execute("set search_path to %s", [schema(environ)])
            cur.execute("set timezone to 'UTC'")

    def execute(self, sql: str, params: list | tuple = ()):
        errors = self.psycopg2.errors
        text = QUESTION_MARK.sub("%s", sql.replace("%", "%%"))
        try:
            with self.con.cursor() as cur:
                cur.execute(text, list(params))
                columns = [d.name for d in cur.description or []]
                rows = cur.fetchall() if cur.description else []
        except (errors.UndefinedTable, errors.InvalidSchemaName) as exc:
            raise MissingRelation(str(exc).strip().splitlines()[0]) from None
        except self.psycopg2.Error as exc:
            raise EngineError(str(exc).strip().splitlines()[0]) from None
        return Result(columns, [tuple(fix_value(v) for v in row) for row in rows])

    def close(self) -> None:
        self.con.close()


def fix_value(value):
    """PostgreSQL's numeric arrives as Decimal: the pack formats floats, as from DuckDB."""
    from decimal import Decimal

    return float(value) if isinstance(value, Decimal) else value


def postgres_settings(environ: dict | None = None) -> dict:
    env = environ if environ is not None else os.environ
    return {"host": env.get("PG_HOST") or "localhost", "port": int(env.get("PG_PORT") or 5432),
            "user": env.get("PG_USER") or "shared_funnel",
            "password": env.get("PG_PASSWORD") or "",
            "dbname": env.get("PG_DATABASE") or "shared_funnel"}


def spark_session(environ: dict | None = None, catalog: bool = True):
    """A local Spark session over the same warehouse folder as dbt's session target; with
    catalog, also its Hive catalog (Derby: one process at a time, so readers go without
    it and read the tables' files, see SparkConnection)."""
    env = environ if environ is not None else os.environ
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise Unavailable("ENGINE=spark needs the Spark extra: .venv/bin/pip install -e "
                          "'.[spark]' (make install-spark)") from None
    folder = spark_warehouse_dir(env)
    builder = SparkSession.builder.enableHiveSupport() if catalog else SparkSession.builder
    for key, value in {
            "spark.sql.session.timeZone": "UTC",
            "spark.sql.warehouse.dir": str(folder),
            "javax.jdo.option.ConnectionURL":
                f"jdbc:derby:;databaseName={folder}/metastore_db;create=true",
            "spark.driver.memory": env.get("SPARK_DRIVER_MEMORY") or "4g",
            "spark.sql.shuffle.partitions": env.get("SPARK_SHUFFLE_PARTITIONS") or "2",
            "spark.ui.enabled": "false",
            "spark.ui.showConsoleProgress": "false",
            "spark.driver.extraJavaOptions": f"-Dderby.stream.error.file={folder}/derby.log",
            }.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def write_record_spark(table: str, record: dict, environ: dict | None = None) -> None:
    """The build record in the marts' schema, through a local session (dbt's has ended)."""
    session = spark_session(environ)
    name = f"{schema(environ)}.{table}"
    session.sql(f"drop table if exists {name}")
    session.sql(f"create table {name} (source_kind string, source string, vars string, "
                "fingerprint string, crm string, built_at timestamp) using parquet")
    session.sql(f"insert into {name} select ?, ?, ?, ?, ?, current_timestamp()",
                args=[record[k] for k in ("source_kind", "source", "vars", "fingerprint",
                                          "crm")])


class SparkConnection(Connection):
    name = "spark"

    def __init__(self, environ: dict):
        self.environ = environ
        self.thrift = spark_method(environ) == "thrift"
        if self.thrift:
            try:
                from pyhive import hive
            except ImportError:
                raise Unavailable("SPARK_METHOD=thrift needs PyHive: .venv/bin/pip install "
                                  "'dbt-spark[PyHive]==1.11.0'") from None
            self.con = hive.connect(host=environ.get("SPARK_HOST") or "localhost",
                                    port=int(environ.get("SPARK_PORT") or 10000),
                                    database=schema(environ))
        else:
            # no catalog: the build (dbt's session) may hold it, and several readers may
            # read at once; a table is read from its files under the warehouse folder
            self.session = spark_session(environ, catalog=False)
            self.tables = spark_warehouse_dir(environ) / f"{schema(environ)}.db"

    def execute(self, sql: str, params: list | tuple = ()):
        if self.thrift:
            cur = self.con.cursor()
            try:
                cur.execute(QUESTION_MARK.sub("%s", sql.replace("%", "%%")), list(params))
                columns = [d[0].split(".")[-1] for d in cur.description or []]
                return Result(columns, [tuple(fix_value(v) for v in r)
                                        for r in cur.fetchall()])
            except Exception as exc:  # PyHive raises its own and thrift's errors
                raise EngineError(str(exc).splitlines()[0]) from None
        from pyspark.errors import AnalysisException

        self.register(sql)
        try:
            frame = self.session.sql(sql, args=list(params) or None)
            rows = frame.collect()
        except AnalysisException as exc:
            first = str(exc).strip().splitlines()[0]
            if "TABLE_OR_VIEW_NOT_FOUND" in first or "SCHEMA_NOT_FOUND" in first:
                raise MissingRelation(first) from None
            raise EngineError(first) from None
        return Result(frame.columns, [tuple(fix_value(v) for v in r) for r in rows])

    def register(self, sql: str) -> None:
        """Each table of the marts' schema the query names, as a temporary view over its
        Parquet files (once per connection)."""
        if not hasattr(self, "registered"):
            self.registered: set[str] = set()
            self.available = ({p.name for p in self.tables.iterdir() if p.is_dir()}
                              if self.tables.is_dir() else set())
        for name in set(re.findall(r"[a-z_][a-z0-9_]*", sql.lower())) & (
                self.available - self.registered):
            self.session.read.parquet(str(self.tables / name)).createOrReplaceTempView(name)
            self.registered.add(name)

    def close(self) -> None:
        if self.thrift:
            self.con.close()


def connect(path: str | Path | None = None, environ: dict | None = None,
            read_only: bool = True) -> Connection:
    """A connection to the warehouse of ENGINE. path: the DuckDB file (default DUCKDB_PATH);
    ignored by the server engines."""
    env = dict(os.environ if environ is None else environ)
    name = engine(env)
    if name == "postgres":
        return PostgresConnection(env)
    if name == "spark":
        return SparkConnection(env)
    target = Path(path or env.get("DUCKDB_PATH") or DEFAULT_DUCKDB).resolve()
    if not target.exists():
        raise FileNotFoundError(f"No warehouse at {target}: run `make build` first.")
    return DuckDBConnection(target, read_only=read_only)


# ---- raw files into a server engine ------------------------------------------------------
def raw_plan(folder: Path, crm: str = "contract") -> dict[str, Path | None]:
    """{table: its checked file, or None (an optional table left empty)} for the tables the
    project reads from a raw folder; a required contract table without a file stops here."""
    from shared_funnel.contract import CRM_OBJECTS, RAW_TABLES, REQUIRED_TABLES

    plan: dict[str, Path | None] = {}
    missing = []
    for table in [*RAW_TABLES, *CRM_OBJECTS.get(crm, ())]:
        found = [folder / f"{table}{suffix}" for suffix in (".parquet", ".csv")
                 if (folder / f"{table}{suffix}").is_file()]
        plan[table] = found[0] if found else None
        if not found and crm == "contract" and table in REQUIRED_TABLES:
            missing.append(table)
    if missing:
        raise EngineError(f"Required raw table(s) missing in {folder}: {', '.join(missing)} "
                          "(expected <table>.csv or <table>.parquet)")
    return plan


def csv_of_parquet(path: Path, out: Path) -> Path:
    """A Parquet file as CSV text (every column as text), for PostgreSQL's COPY."""
    import duckdb

    with duckdb.connect() as con:
        columns = [r[0] for r in con.execute("select name from parquet_schema(?) "
                                             "where name <> 'schema' and num_children is null",
                                             [str(path)]).fetchall()]
        casts = ", ".join(f'cast("{c}" as varchar) as "{c}"' for c in columns)
        con.execute(f"copy (select {casts} from read_parquet(?)) to '{out}' "
                    "(header, delimiter ',')", [str(path)])
    return out


def load_postgres(folder: Path, raw_schema: str, crm: str = "contract",
                  environ: dict | None = None) -> list[str]:
    """COPY every checked file of folder into raw_schema (every column text), in one
    transaction; return a line per table."""
    import csv
    import tempfile

    import psycopg2
    from psycopg2 import sql

    plan = raw_plan(folder, crm)
    lines = []
    try:
        con = psycopg2.connect(**postgres_settings(environ), connect_timeout=10)
    except psycopg2.Error as exc:
        raise Unavailable(f"{describe(environ)} cannot be reached: "
                          f"{str(exc).strip().splitlines()[0]}") from None
    with tempfile.TemporaryDirectory(prefix="shared-funnel-copy-") as tmp, con:
        with con.cursor() as cur:
            cur.execute(sql.SQL("create schema if not exists {}").format(
                sql.Identifier(raw_schema)))
            for table, path in plan.items():
                name = sql.Identifier(raw_schema, table)
                cur.execute(sql.SQL("drop table if exists {}").format(name))
                if path is None:
                    lines.append(f"raw {table}: no file (optional, left empty)")
                    continue
                if path.suffix == ".parquet":
                    path = csv_of_parquet(path, Path(tmp) / f"{table}.csv")
                with path.open(encoding="utf-8", newline="") as f:
                    header = next(csv.reader(f), [])
                    f.seek(0)
                    columns = sql.SQL(", ").join(sql.SQL("{} text").format(sql.Identifier(c))
                                                 for c in header)
                    cur.execute(sql.SQL("create table {} ({})").format(name, columns))
                    cur.copy_expert(sql.SQL("copy {} from stdin with (format csv, header true)")
                                    .format(name).as_string(con), f)
                lines.append(f"raw {table}: {cur.rowcount} rows")
    con.close()
    return lines


def write_record_postgres(table: str, record: dict, environ: dict | None = None) -> None:
    """The build record (what the warehouse was built from) in the marts' schema."""
    import psycopg2
    from psycopg2 import sql

    name = sql.Identifier(schema(environ), table)
    with psycopg2.connect(**postgres_settings(environ), connect_timeout=10) as con:
        with con.cursor() as cur:
            cur.execute(sql.SQL("drop table if exists {}").format(name))
            cur.execute(sql.SQL("create table {} (source_kind text, source text, vars text, "
                                "fingerprint text, crm text, built_at timestamp)").format(name))
            cur.execute(sql.SQL("insert into {} values (%s, %s, %s, %s, %s, "
                                "now() at time zone 'UTC')").format(name),
                        [record[k] for k in ("source_kind", "source", "vars", "fingerprint",
                                             "crm")])
    con.close()
