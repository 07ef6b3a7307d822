"""Build the warehouse: load raw data, run dbt (models and tests), swap the file in.

    python -m shared_funnel.build [--raw-dir DIR] [--duckdb PATH] [--vars YAML] [--source CRM]
    python -m shared_funnel.build --if-stale      # make pack / packs / lab
    python -m shared_funnel.build --sources 'eu=salesforce:/exports/eu, us=hubspot:/exports/us'

dbt writes into a copy beside the warehouse; only a build whose models and tests pass
replaces the old file (by rename), so a notebook holding the warehouse open read-only
never blocks a build and never sees a half-built one. With ENGINE=postgres or spark the
build works in the engine's schemas (raw files loaded by COPY, or as Spark external
tables) and writes its record only when every model and test passed.

A warehouse remembers what it was built from (table shared_funnel_build: the raw folder,
schema or demo seeds, the vars, and a fingerprint of the project and raw files). A build
refuses a DUCKDB_PATH that exists and is not a warehouse of this project, and
`--if-stale` rebuilds only from the recorded source, never from anything else.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from shared_funnel import engines, preflight
from shared_funnel.contract import SOURCES

PROJECT_DIR = Path(__file__).resolve().parent.parent
RUN_RESULTS = PROJECT_DIR / "target" / "run_results.json"
# the run_results.json of a build's first round when its failed nodes ran again (retry_alone)
FIRST_ROUND_RESULTS = PROJECT_DIR / "target" / "run_results_first_round.json"
RETRY_NOTICE = "run again, one at a time"  # printed by retry_alone; the bench looks for it
DEFAULT_DUCKDB = PROJECT_DIR / "warehouse" / "shared_funnel.duckdb"
SEEDS_DIR = PROJECT_DIR / "seeds"  # the demo data, in the contract's shape
BUILD_RECORD = "shared_funnel_build"
# What a warehouse is built from besides the raw data: a change here makes it stale.
PROJECT_INPUTS = ("models", "macros", "seeds", "tests/generic", "tests/marts", "tests/adapters",
                  "dbt_project.yml",
                  "profiles.yml")


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
    lookback = given.get("incremental_lookback_days", 0)
    if isinstance(lookback, bool) or not isinstance(lookback, int) or lookback < 0:
        raise BuildError(f"VARS incremental_lookback_days must be a whole number of days, 0 or "
                         f"more (default 30); got {lookback!r}.")
    return json.dumps({**given, **overrides}, default=str)


CONNECTION = re.compile(r"^\s*([a-z][a-z0-9_]*)\s*=\s*([a-z]+)\s*([:@])\s*(.+?)\s*$")


def parse_sources(text: str) -> list[dict]:
    """SOURCES='eu=salesforce:/exports/eu, us=hubspot@hubspot_raw': name=crm:folder (files)
    or name=crm@schema (tables already in the warehouse). A connection's ids are prefixed
    with its name in every table."""
    connections: list[dict] = []
    for part in (p for p in text.split(",") if p.strip()):
        match = CONNECTION.match(part)
        if not match:
            raise BuildError(f"SOURCES: {part.strip()!r} is not name=crm:folder or name=crm@schema "
                             "(e.g. SOURCES='eu=salesforce:/exports/eu, us=hubspot:/exports/us'"
                             "; names are lower-case letters, digits and _).")
        name, crm, kind, where = match.groups()
        check_crm(crm)
        if any(c["name"] == name for c in connections):
            raise BuildError(f"SOURCES: the connection name {name!r} is given twice; names "
                             "prefix the ids, so each must be different.")
        folder = Path(where).expanduser().resolve() if kind == ":" else None
        if folder is not None and not folder.is_dir():
            raise BuildError(f"SOURCES: {name}={crm}:{where}: {folder} is not a folder.")
        connections.append({"name": name, "crm": crm, "folder": folder,
                            "schema": where if kind == "@" else f"raw_{name}"})
    if len(connections) < 1:
        raise BuildError("SOURCES is empty: list connections as name=crm:folder, comma-separated.")
    return connections


def fingerprint(raw_dir: Path | list[Path] | None, dbt_vars_json: str) -> str:
    """What the warehouse depends on, as '<project>.<raw>': a hash of the vars and the
    project's model, macro, seed and test files (content), then one of the raw files
    (name, size, modification time). An incremental build needs the project part equal."""
    digest = hashlib.sha256(dbt_vars_json.encode())
    for entry in PROJECT_INPUTS:
        path = PROJECT_DIR / entry
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if file.is_file():
                digest.update(str(file.relative_to(PROJECT_DIR)).encode())
                digest.update(file.read_bytes())
    raw = hashlib.sha256()
    for folder in raw_dir if isinstance(raw_dir, list) else [raw_dir] if raw_dir else []:
        for file in sorted(Path(folder).iterdir()):
            if file.is_file():
                stat = file.stat()
                raw.update(f"{file.name}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return f"{digest.hexdigest()}.{raw.hexdigest()}"


def project_part(stamp: str | None) -> str | None:
    """The project-and-vars half of a recorded fingerprint (None for a partial build's)."""
    if not stamp or stamp.startswith("partial ") or "." not in stamp:
        return None
    return stamp.split(".", 1)[0]


def is_duckdb_file(path: Path) -> bool:
    """DuckDB files carry the magic bytes DUCK at offset 8."""
    try:
        with path.open("rb") as f:
            head = f.read(12)
    except OSError:
        return False
    return len(head) == 12 and head[8:12] == b"DUCK"


def read_record(path: Path) -> dict | None:
    """What the warehouse at path was built from, or None when it has no record (not a
    warehouse of this project). Raises BuildError when another process holds it."""
    import duckdb

    try:
        with duckdb.connect(str(path), read_only=True) as con:
            tables = {r[0] for r in con.execute(
                "select table_name from information_schema.tables "
                "where table_schema = 'main'").fetchall()}
            if BUILD_RECORD in tables:
                columns = {r[0] for r in con.execute(
                    "select column_name from information_schema.columns where table_schema = "
                    f"'main' and table_name = '{BUILD_RECORD}'").fetchall()}
                crm = "crm" if "crm" in columns else "'contract'"
                row = con.execute(f"select source_kind, source, vars, fingerprint, {crm} "
                                  f"from main.{BUILD_RECORD}").fetchone()
                return {"source_kind": row[0], "source": row[1], "vars": row[2],
                        "fingerprint": row[3], "crm": row[4]}
            if "pack_settings" in tables:  # built by an earlier version of this project
                return {"source_kind": "unknown", "source": None, "vars": None,
                        "fingerprint": None}
            return None
    except duckdb.IOException as exc:
        raise BuildError(locked_message(path, exc)) from None
    except duckdb.Error as exc:
        raise BuildError(f"DUCKDB_PATH {path} could not be read as a DuckDB file "
                         f"({str(exc).splitlines()[0]}); nothing was changed.") from None


def locked_message(path: Path, exc: Exception) -> str:
    text = str(exc).splitlines()[0]
    holder = re.search(r"PID (\d+)", text)
    who = f"process {holder.group(1)}" if holder else "another process"
    return (f"The warehouse {path} is open for writing by {who} (a notebook or another "
            f"build?). Close it (or shut down that kernel) and run the command again.")


def engine_name() -> str:
    """ENGINE (duckdb, postgres or spark), checked."""
    try:
        return engines.engine()
    except engines.EngineError as exc:
        raise BuildError(str(exc)) from None


MEMORY = re.compile(r"^\s*\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$", re.IGNORECASE)
DEFAULT_MEMORY_CAP_MB = 3072


def memory_limit() -> str:
    """DuckDB's memory limit for the build: DUCKDB_MEMORY_LIMIT (checked), else half the
    machine's memory and at most 3 GB. Past it DuckDB spills to disk instead of failing."""
    given = os.environ.get("DUCKDB_MEMORY_LIMIT", "").strip()
    if given:
        if not MEMORY.match(given):
            raise BuildError(f"DUCKDB_MEMORY_LIMIT={given!r} is not an amount of memory: write "
                             "it like DUCKDB_MEMORY_LIMIT=3GB or 800MB.")
        return given
    try:
        total_mb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20
    except (ValueError, OSError, AttributeError):
        return f"{DEFAULT_MEMORY_CAP_MB}MB"
    return f"{max(256, min(DEFAULT_MEMORY_CAP_MB, total_mb // 2))}MB"


def server_record() -> dict | None:
    """What the warehouse of a server engine (ENGINE=postgres/spark) was built from, or
    None when its schema has no record."""
    try:
        with engines.connect() as con:
            row = con.execute(f"select source_kind, source, vars, fingerprint, crm "
                              f"from {BUILD_RECORD}").fetchone()
    except engines.MissingRelation:
        return None
    except engines.EngineError as exc:
        raise BuildError(str(exc)) from None
    if row is None:
        return None
    return {"source_kind": row[0], "source": row[1], "vars": row[2], "fingerprint": row[3],
            "crm": row[4]}


def check_target(target: Path, raw_schema: str | None) -> None:
    """Refuse to replace a file that is not a warehouse of this project."""
    if engine_name() != "duckdb" or not target.exists():
        return
    if target.is_dir():
        raise BuildError(f"DUCKDB_PATH {target} is a folder; give a file path such as "
                         f"{target / 'shared_funnel.duckdb'}.")
    if not is_duckdb_file(target):
        raise BuildError(f"DUCKDB_PATH {target} exists and is not a DuckDB warehouse (is it "
                         "a data file?). Nothing was changed; choose a new path, e.g. "
                         "DUCKDB_PATH=warehouse/my_warehouse.duckdb.")
    if raw_schema:
        return  # the user's own warehouse holding the raw tables: built on in a copy
    if read_record(target) is None:
        raise BuildError(f"DUCKDB_PATH {target} is a DuckDB file this project did not build "
                         "(no shared_funnel_build record). Nothing was changed; choose a new "
                         "path, or RAW_SCHEMA=<schema> to read raw tables from it.")


def dbt_executable() -> str:
    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else "dbt"


LOG_FILE = PROJECT_DIR / "logs" / "build.log"
# modules that stand in for slow imports dbt does not need (a second per dbt start)
DBT_STARTUP = Path(__file__).resolve().parent / "dbt_startup"
PLAIN_PATH = re.compile(r"[A-Za-z0-9_./-]+")
TIMESTAMP = re.compile(r"^\s*\d\d:\d\d:\d\d(\s+|$)")


def run_dbt(args: list[str], env: dict[str, str], step: str) -> None:
    """Run one dbt step: one line on the terminal, every dbt line in logs/build.log, and on
    failure the lines that say what went wrong."""
    cmd = [dbt_executable(), *args, "--project-dir", str(PROJECT_DIR),
           "--profiles-dir", str(PROJECT_DIR)]
    env = {**env, "PYTHONPATH": os.pathsep.join(
        p for p in (str(DBT_STARTUP), env.get("PYTHONPATH", "")) if p)}
    started = time.monotonic()
    print(f"==> {step}", end="", flush=True)
    LOG_FILE.parent.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []
    with LOG_FILE.open("a", encoding="utf-8") as log:
        log.write(f"\n==> {step}\n$ {' '.join(cmd)}\n")
        proc = subprocess.Popen(cmd, env=env, cwd=PROJECT_DIR, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)
        assert proc.stdout is not None
        for line in proc.stdout:
            log.write(line)
            lines.append(TIMESTAMP.sub("", line.rstrip()))
        code = proc.wait()
    done = next((ln.strip() for ln in reversed(lines) if ln.strip().startswith("Done.")), "")
    if code != 0:
        print(" - failed", flush=True)
        first = next((n for n, ln in enumerate(lines)
                      if re.search(r"Error|FAIL|error", ln)), max(len(lines) - 20, 0))
        # not a JVM's stack frames (Spark), nor the warnings dbt repeats in its summary: the
        # lines that say what failed
        detail, warning = [], False
        for ln in lines[first:]:
            text = ln.strip()
            if text.startswith("Warning in "):
                warning = True
            elif re.match(r"(Failure|Error|Runtime Error|Compilation Error|Database Error"
                          r"|Done\.)\b", text):
                warning = False
            if text and not warning and not re.match(r"\s*(at |\.\.\. \d+ more)", ln):
                detail.append(ln)
        detail = detail[-30:] + broken_column_rules(lines, env)
        summary = "\n".join(f"  {ln.strip()}" for ln in detail) or "  (no output)"
        raise BuildError(f"{step} failed:\n{summary}\n  Full log: {LOG_FILE}")
    print(f" ({time.monotonic() - started:.0f} s{'; ' + done if done else ''})", flush=True)


OUT_OF_MEMORY = "Out of Memory Error"


def out_of_memory(exc: BuildError) -> bool:
    """DuckDB stopped a model at the memory limit (what it could not spill to disk)."""
    return engine_name() == "duckdb" and OUT_OF_MEMORY in str(exc)


def retry_alone(env: dict[str, str], var_args: list[str]) -> None:
    """After a model ran out of memory beside another (two dbt threads share the memory
    limit), run the failed nodes and everything they skipped again, one at a time (dbt
    retry: same selection, vars and refresh; a failed model changed nothing). A model that
    still runs out of memory alone stops the build with the fix."""
    print(f"    a model ran out of memory beside another; the failed and skipped nodes "
          f"{RETRY_NOTICE}", flush=True)
    # dbt retry writes its own run_results.json; the first round's timings stay beside it
    if RUN_RESULTS.exists():
        shutil.copyfile(RUN_RESULTS, FIRST_ROUND_RESULTS)
    try:
        run_dbt(["retry", "--threads", "1", *var_args], env, "build the rest, one at a time")
    except BuildError as exc:
        if out_of_memory(exc):
            raise BuildError(f"{exc}\n  A model needs more memory than the limit "
                             f"({env.get('DUCKDB_MEMORY_LIMIT') or 'the default'}) even alone: "
                             "raise DUCKDB_MEMORY_LIMIT (e.g. make build DUCKDB_MEMORY_LIMIT=8GB; "
                             "past it the build spills to disk).") from None
        raise


def broken_column_rules(lines: list[str], env: dict[str, str]) -> list[str]:
    """For each failed column_rules test (the folded column tests), which rule of which column
    broke, in how many rows: its compiled query run on the warehouse being built."""
    out: list[str] = []
    failed = None
    for line in lines:
        text = line.strip()
        found = re.match(r"Failure in test (column_rules_\w+)", text)
        if found:
            failed = found.group(1)
            continue
        compiled = re.match(r"compiled code at (\S+\.sql)$", text)
        if failed and compiled:
            try:
                sql = (PROJECT_DIR / compiled.group(1)).read_text(encoding="utf-8")
                with engines.connect(environ=env) as con:
                    rows = con.execute(sql).fetchall()
            except Exception:  # noqa: BLE001 - the test's name and query are shown anyway
                rows = []
            model = failed.removeprefix("column_rules_")
            out += [f"{model}.{column}: {n} row(s) break the rule {rule}"
                    for rule, column, n in rows]
            failed = None
    return out


def report_triage(duckdb_path: Path) -> None:
    """Name every rejected and suspicious row group: table, rule, column, count."""
    with engines.connect(duckdb_path) as con:
        rejected = con.execute(
            "select source_table, rule, count(*), min(reason) from rejected_rows "
            "group by source_table, rule order by 1, 2").fetchall()
        flagged = con.execute(
            "select source_table, rule, count(*), min(detail) from data_quality_issues "
            "group by source_table, rule order by 1, 2").fetchall()
        superseded = con.execute(
            "select source_table, count(*) from superseded_rows group by source_table "
            "order by 1").fetchall()
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


def report_unmapped(duckdb_path: Path, crm: str, schema: str = "adapters",
                    name: str | None = None) -> None:
    """Name every CRM value no mapping turned into a contract value, with its row count."""
    if crm == "contract":
        return
    with engines.connect(duckdb_path) as con:
        rows = con.execute(
            f"select source_object, source_field, mapping, source_value, row_count "
            f"from {schema}.{crm}__unmapped_values order by mapping, row_count desc").fetchall()
        accounting = con.execute(
            f"select source_object, source_rows, to_contract, deleted_rows, lookup_rows "
            f"from {schema}.{crm}__row_accounting where source_rows > 0 order by 1").fetchall()
        precision = (con.execute(
            f"select source_object, source_field, contract_table, contract_column, row_count "
            f"from {schema}.{crm}__day_precision where row_count > 0 order by 1").fetchall()
            if crm == "salesforce" else [])
    crm = f"{name} ({crm})" if name else crm
    if precision:
        print(f"{crm} dates read as midnight UTC (day precision): " + "; ".join(
            f"{o}.{f} -> {t}.{c} ({n} rows)" for o, f, t, c, n in precision))
    print(f"{crm} rows: " + "; ".join(
        f"{o} {n}" + (f" ({d} deleted)" if d else "") + (" (lookup)" if lk else "")
        for o, n, _, d, lk in accounting))
    if rows:
        print(f"Unmapped {crm} values (kept as they are; map them with a line in "
              "seeds/reference/source_mappings.csv or var source_mappings):")
        for obj, field_, mapping, value, n in rows:
            print(f"  {obj}.{field_} = {value!r}: {n} row(s), no {mapping} mapping")


def clean_debris(folder: Path) -> None:
    """Remove what a killed build left beside the warehouse (its .building-<pid> folder),
    once that process is gone."""
    for debris in folder.glob(".building-*"):
        pid = debris.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not alive(int(pid)):
            shutil.rmtree(debris, ignore_errors=True)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Interrupted(Exception):
    """The build was stopped (Ctrl-C or kill)."""


def stop(signum, frame) -> None:  # noqa: ARG001 - a signal handler's signature
    raise Interrupted()


def write_record(path: Path | None, source_kind: str, source: str | None, user_vars: str,
                 print_: str, crm: str = "contract", env: dict | None = None) -> None:
    if path is None:  # a server engine: in the marts' schema
        record = {"source_kind": source_kind, "source": source, "vars": user_vars,
                  "fingerprint": print_, "crm": crm}
        if engine_name() == "postgres":
            engines.write_record_postgres(BUILD_RECORD, record)
        elif engines.spark_method() == "session":
            engines.write_record_spark(BUILD_RECORD, record)
        else:  # a Spark Thrift server: through dbt's connection
            run_dbt(["run-operation", "write_build_record", "--args",
                     json.dumps({"record": record})], env or dict(os.environ),
                    "record what the warehouse was built from")
        return
    import duckdb

    with duckdb.connect(str(path)) as con:
        con.execute(f"create or replace table main.{BUILD_RECORD} as select ? as source_kind, "
                    "? as source, ? as vars, ? as fingerprint, now() as built_at, ? as crm",
                    [source_kind, source, user_vars, print_, crm])


def check_crm(crm: str | None) -> str:
    crm = (crm or "contract").strip().lower()
    if crm not in SOURCES:
        raise BuildError(f"SOURCE={crm} is not a source this project reads. Use one of "
                         f"{', '.join(SOURCES)} (contract = the thirteen raw tables).")
    return crm


def custom_field_names(vars_json: str) -> dict[str, list[str]]:
    """var custom_fields as {table: [column names]} for the preflight."""
    given = json.loads(vars_json).get("custom_fields") or {}
    if not isinstance(given, dict):
        raise BuildError("var custom_fields lists columns per contract table, like "
                         "VARS='custom_fields: {leads: [Industry_Vertical__c]}'.")
    return {str(table): [str(e["name"]) if isinstance(e, dict) else str(e) for e in fields or []]
            for table, fields in given.items()}


def start_log(target: Path, what: str) -> None:
    LOG_FILE.parent.mkdir(parents=True, exist_ok=True)
    LOG_FILE.write_text(f"Build of {target} from {what}\n", encoding="utf-8")


@contextlib.contextmanager
def server_build():
    """A server engine builds in place (its schemas), no copy: (None, env, no-op swap)."""
    env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "DBT_USE_COLORS": "false"}
    yield None, env, lambda: None


def working_copy(target: Path, copy_existing: bool):
    """Where dbt builds: a copy of the DuckDB file (scratch_build), or the server itself."""
    if engine_name() != "duckdb":
        return server_build()
    return scratch_build(target, copy_existing)


def drop_raw_views(warehouse: Path, schema: str) -> None:
    """The raw views read files of a folder that is removed after the build: the
    warehouse keeps no raw copy (staging holds every row, rejected_rows the rejects)."""
    import duckdb

    con = duckdb.connect(str(warehouse))
    try:
        views = con.execute("select view_name from duckdb_views() where schema_name = ? "
                            "and database_name = current_database()", [schema]).fetchall()
        for (view,) in views:
            con.execute(f'drop view "{schema}"."{view}"')
    finally:
        con.close()


def load_raw(folder: Path, crm: str, var_args: list[str], env: dict, step: str,
             raw_schema: str) -> None:
    """The checked files of folder into raw_schema of the warehouse: DuckDB reads them
    itself, PostgreSQL gets them by COPY, Spark keeps them under its warehouse folder as
    external tables."""
    name = engine_name()
    if name == "duckdb":
        run_dbt(["run-operation", "load_raw_files", "--args",
                 json.dumps({"raw_dir": str(folder)}), *var_args], env, step)
        return
    try:
        plan = engines.raw_plan(folder, crm)
    except engines.EngineError as exc:
        raise BuildError(str(exc)) from None
    if name == "postgres":
        started = time.monotonic()
        print(f"==> {step} (COPY)", end="", flush=True)
        try:
            lines = engines.load_postgres(folder, raw_schema, crm)
        except engines.EngineError as exc:
            print(" - failed", flush=True)
            raise BuildError(f"{step} failed: {exc}") from None
        with LOG_FILE.open("a", encoding="utf-8") as log:
            log.write("\n".join(lines) + "\n")
        print(f" ({time.monotonic() - started:.0f} s)", flush=True)
        return
    kept = engines.spark_warehouse_dir(env) / "raw_files" / raw_schema
    shutil.rmtree(kept, ignore_errors=True)
    kept.mkdir(parents=True)
    files = {}
    for table, path in plan.items():
        if path is not None:
            files[table] = str(kept / path.name)
            shutil.copyfile(path.resolve(), kept / path.name)
        else:
            files[table] = None
    run_dbt(["run-operation", "load_raw_files", "--args",
             json.dumps({"raw_dir": str(kept), "plan": files}), *var_args], env, step)


@contextlib.contextmanager
def scratch_build(target: Path, copy_existing: bool):
    """A working copy of the warehouse beside it (.building-<pid>), the environment dbt
    runs in, and swap_in(), which replaces the warehouse by the copy in one rename; the
    copy is removed whatever happens."""
    target.parent.mkdir(parents=True, exist_ok=True)
    clean_debris(target.parent)
    workdir = target.parent / f".building-{os.getpid()}"
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir()
    # dbt-duckdb names the catalog after the path and trips on spaces, '#' and the like:
    # such a warehouse is built under a plain temporary name and copied into place
    plain = PLAIN_PATH.fullmatch(str(workdir)) is not None
    building = workdir if plain else Path(tempfile.mkdtemp(prefix="shared-funnel-build-"))
    scratch = building / target.name  # same file name: DuckDB's catalog is the file stem
    if copy_existing and target.exists():
        shutil.copy2(target, scratch)
    # dbt re-parses the whole project when the profile's path changes: it sees the copy
    # through a link of a fixed name (.building-now), one build of a folder at a time
    lock = None
    dbt_path = scratch
    if plain:
        import fcntl

        lock = os.open(target.parent, os.O_RDONLY)  # the folder itself: no lock file left
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            print(f"==> waiting for the other build in {target.parent}", flush=True)
            fcntl.flock(lock, fcntl.LOCK_EX)
        link = target.parent / ".building-now"
        fresh = target.parent / f".building-now-{os.getpid()}.tmp"
        with contextlib.suppress(FileNotFoundError):
            fresh.unlink()
        fresh.symlink_to(workdir.name)
        os.replace(fresh, link)
        dbt_path = link / target.name
    env = {**os.environ, "DUCKDB_PATH": str(dbt_path), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
           "DBT_USE_COLORS": "false"}

    def swap_in() -> None:
        if not plain:
            shutil.copy2(scratch, workdir / target.name)
        os.replace(workdir / target.name, target)

    try:
        yield scratch, env, swap_in
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        if not plain:
            shutil.rmtree(building, ignore_errors=True)
        if lock is not None:
            with contextlib.suppress(FileNotFoundError):
                (target.parent / ".building-now").unlink()
            os.close(lock)


def up_to_date(record: dict | None, source_kind: str, source: str | None, stamp: str) -> bool:
    """A warehouse's record says it was built, in full, from this source with this
    fingerprint (project files, raw files and vars): building again would change nothing."""
    return bool(record) and (record.get("source_kind"), record.get("source"),
                             record.get("fingerprint")) == (source_kind, source, stamp)


def incremental_ok(record: dict | None, source_kind: str, source: str | None, crm: str,
                   stamp: str) -> bool:
    """An incremental build is exact only on a full warehouse of the same source, built by
    the same project with the same vars, from a contract source whose event files are
    read as a whole (a CRM's adapters and Spark's file tables are always rebuilt)."""
    return (bool(record) and engine_name() != "spark" and crm == "contract"
            and (record.get("source_kind"), record.get("source"), record.get("crm") or "contract")
            == (source_kind, source, crm)
            and project_part(record.get("fingerprint")) is not None
            and project_part(record.get("fingerprint")) == project_part(stamp))


def lookback_days(vars_json: str) -> int:
    return int(json.loads(vars_json).get("incremental_lookback_days",
                                         project_vars()["incremental_lookback_days"]))


def build(raw_dir: Path | None = None, duckdb_path: Path = DEFAULT_DUCKDB,
          dbt_vars: str | None = None, raw_schema: str | None = None,
          crm: str | None = None, sources: str | None = None,
          select: str | None = None, skip_if_current: bool = False,
          full_refresh: bool = False, unit_tests: bool = False) -> Path:
    """Build the warehouse at duckdb_path; return its path. Raises BuildError.

    select (dbt's node selection, e.g. '+kpi_monthly') builds and tests only those models:
    the warehouse it writes is partial, recorded so that `--if-stale` always rebuilds it.
    A build on a warehouse of the same source, project and vars is incremental (the event
    streams' base models) unless full_refresh. dbt's unit tests test the SQL, not the data:
    they run only with unit_tests (make test), as dbt advises for production builds."""
    target = Path(duckdb_path).resolve()
    os.environ["DUCKDB_MEMORY_LIMIT"] = memory_limit()
    if select and sources:
        raise BuildError("SELECT builds part of one connection's project; give it without "
                         "SOURCES.")
    if sources:
        if raw_dir is not None or raw_schema or crm:
            raise BuildError("SOURCES lists every connection with its folder or schema; give "
                             "it without RAW_DIR, RAW_SCHEMA or SOURCE.")
        return build_connections(parse_sources(sources), sources, target, dbt_vars)
    crm = check_crm(crm)
    server = engine_name() != "duckdb"
    demo = raw_dir is None and not raw_schema
    if crm != "contract" and raw_dir is None and not raw_schema:
        raise BuildError(f"SOURCE={crm} reads your {crm} export: give RAW_DIR=<folder of its "
                         f"objects> or RAW_SCHEMA=<schema they are synced to> (make pack "
                         f"SOURCE={crm} alone uses the sample in samples/{crm}).")
    overrides: dict = {"source": crm} if crm != "contract" else {}
    # the demo seeds are raw files like any other: checked, then read in place (DuckDB) or
    # copied in (a server engine), not loaded by a dbt seed step of their own
    overrides["load_source_data"] = False
    if raw_schema:
        overrides["raw_schema"] = raw_schema
    vars_json = merge_vars(dbt_vars, overrides)
    var_args = ["--vars", vars_json]
    if raw_dir is not None:
        raw_dir = Path(raw_dir).resolve()
        if not raw_dir.is_dir():
            raise BuildError(f"RAW_DIR {raw_dir} is not a folder")
    check_target(target, raw_schema)
    source_kind, source = (("raw_dir", str(raw_dir)) if raw_dir is not None
                           else ("raw_schema", raw_schema) if raw_schema
                           else ("demo_seeds", None))
    where = target if not server else engines.describe()
    stamp = fingerprint(None if demo else raw_dir, vars_json)
    record = None  # what the warehouse was built from: to skip a build or make it incremental
    if not select and (skip_if_current or (not full_refresh and engine_name() != "spark")):
        record = server_record() if server else read_record(target) if target.exists() else None
    if skip_if_current and not select:
        if up_to_date(record, source_kind, source, stamp):
            print(f"==> warehouse up to date: {where} (built from {describe(source_kind, source)}; "
                  "no raw file, model, macro or var changed since). FULL_REFRESH=1 rebuilds it.")
            return target
    start_log(where, describe(source_kind, source))
    checked: Path | None = None
    load_from = SEEDS_DIR if demo else raw_dir
    incremental = (not full_refresh and not select and incremental_ok(record, source_kind, source,
                                                                     crm, stamp))
    if incremental:
        print("==> incremental: the project and vars are those the warehouse was built with, so "
              "campaign responses, activities and stage history triage only their new rows and "
              f"the last {lookback_days(vars_json)} days (FULL_REFRESH=1 rebuilds all)", flush=True)
    # the raw tables of RAW_SCHEMA live in the warehouse itself: built on in a copy, and so
    # is an incremental build (its event-stream models keep what the warehouse holds)
    with working_copy(target, copy_existing=bool(raw_schema) or incremental) as (
            scratch, env, swap_in):
        try:
            if load_from is not None:
                raw_dir = load_from
                print(f"==> check the raw files in {raw_dir}", flush=True)
                # a folder of our own with a plain name: DuckDB reads a path holding [ or * as a
                # pattern, and the user's folder may have any name
                checked = Path(tempfile.mkdtemp(prefix="shared-funnel-raw-"))
                try:
                    verdicts = preflight.prepare(raw_dir, checked / "raw", crm,
                                                 custom_field_names(vars_json))
                except preflight.PreflightError as exc:
                    raise BuildError(str(exc)) from None
                for line in verdicts.notes:
                    print(f"    {line}", flush=True)
                if engine_name() == "duckdb":
                    # read in place: the build's dbt run makes the raw tables views over the
                    # checked files (on-run-start), each read once by its base model
                    env["SHARED_FUNNEL_RAW_DIR"] = str(verdicts.folder)
                else:
                    load_raw(verdicts.folder, crm, var_args, env,
                             f"load raw files from {raw_dir}", raw_schema or "raw")
            # the contract's unit tests feed the raw tables; a CRM's adapters stand in for them
            skip_units = (["--exclude", "resource_type:unit_test"]
                          if crm != "contract" or not unit_tests else [])
            # a test runs only when every model it reads is selected (cautious)
            selection = ["--select", select, "--indirect-selection", "cautious"] if select else []
            refresh = [] if incremental else ["--full-refresh"]
            # (the raw seeds are off: load_source_data is false, the raw data is a folder)
            build_step = f"build {select} and its tests" if select else "build models and run tests"
            try:
                run_dbt(["build", *selection, *refresh, *skip_units, *var_args], env, build_step)
            except BuildError as exc:
                if not out_of_memory(exc):
                    raise
                retry_alone(env, var_args)
            if "SHARED_FUNNEL_RAW_DIR" in env:
                drop_raw_views(scratch, raw_schema or "raw")
            # a partial warehouse never looks up to date: its fingerprint matches nothing
            write_record(scratch, source_kind, source, dbt_vars or "",
                         f"partial {select}: {stamp}" if select else stamp, crm, env)
            swap_in()
        finally:
            if checked is not None:
                shutil.rmtree(checked, ignore_errors=True)
    if select:
        print(f"Partial warehouse ready ({select} only): {where} (full dbt log: {LOG_FILE})")
        return target
    report_triage(target)
    report_unmapped(target, crm)
    print(f"Warehouse ready: {where} (full dbt log: {LOG_FILE})")
    return target


def build_connections(connections: list[dict], sources: str, target: Path,
                      dbt_vars: str | None) -> Path:
    """SOURCES: load every connection into raw_<name>, build each CRM connection's adapters
    into adapters_<name>, then one build that unions them (ids prefixed with the name)."""
    listed = [{"name": c["name"], "crm": c["crm"], "schema": c["schema"]} for c in connections]
    vars_json = merge_vars(dbt_vars, {"sources": listed, "load_source_data": False})
    check_target(target, "sources" if any(c["folder"] is None for c in connections) else None)
    start_log(target if engine_name() == "duckdb" else engines.describe(), f"SOURCES={sources}")
    checked = Path(tempfile.mkdtemp(prefix="shared-funnel-raw-"))
    user_vars = json.loads(merge_vars(dbt_vars, {}))
    # a connection's tables given as a schema live in the warehouse itself
    with working_copy(target, any(c["folder"] is None for c in connections)) as (
            scratch, env, swap_in):
        try:
            run_dbt(["seed", "--select", "source_mappings", "category_labels",
                     "--vars", vars_json], env, "load the mapping and label seeds")
            for c in connections:
                one = json.dumps({**user_vars, "source": c["crm"], "raw_schema": c["schema"],
                                  "connection": c["name"], "load_source_data": False})
                if c["folder"] is not None:
                    print(f"==> check the raw files of {c['name']} ({c['crm']}) in {c['folder']}",
                          flush=True)
                    try:
                        verdicts = preflight.prepare(c["folder"], checked / c["name"], c["crm"],
                                                     custom_field_names(vars_json))
                    except preflight.PreflightError as exc:
                        raise BuildError(f"{c['name']}: {exc}") from None
                    for line in verdicts.notes:
                        print(f"    {line}", flush=True)
                    load_raw(verdicts.folder, c["crm"], ["--vars", one], env,
                             f"load {c['name']} into schema {c['schema']}", c["schema"])
                if c["crm"] != "contract":
                    run_dbt(["build", "--select", "int_source_mappings",
                             f"path:models/adapters/{c['crm']}", "path:tests/adapters",
                             # not the staging tests that read the adapters: staging comes next
                             "--indirect-selection", "cautious", "--vars", one], env,
                            f"turn {c['name']}'s {c['crm']} objects into the contract")
            run_dbt(["build", "--full-refresh", "--exclude", "resource_type:unit_test",
                     "--vars", vars_json], env,
                    "build models and run tests")
            write_record(scratch, "sources", sources, dbt_vars or "",
                         fingerprint([c["folder"] for c in connections if c["folder"]], vars_json),
                         "multi", env)
            swap_in()
        finally:
            shutil.rmtree(checked, ignore_errors=True)
    report_triage(target)
    for c in connections:
        if c["crm"] != "contract":
            report_unmapped(target, c["crm"], f"adapters_{c['name']}", c["name"])
    where = target if engine_name() == "duckdb" else engines.describe()
    print(f"Warehouse ready: {where} (full dbt log: {LOG_FILE})")
    return target


def describe(kind: str, source: str | None) -> str:
    return {"raw_dir": f"the raw folder {source}", "raw_schema": f"the raw schema {source}",
            "demo_seeds": "the demo seeds", "sources": f"SOURCES={source}"}.get(
                kind, "an unknown source")


def ensure_built(raw_dir: Path | None, duckdb_path: Path, dbt_vars: str | None,
                 raw_schema: str | None, crm: str | None = None,
                 sources: str | None = None) -> None:
    """make pack / packs / lab: build when asked to (RAW_DIR, RAW_SCHEMA or VARS given) or
    when there is no warehouse; otherwise rebuild a stale warehouse from the source it
    was built from, and never from anything else."""
    target = Path(duckdb_path).resolve()
    server = engine_name() != "duckdb"
    if raw_dir is not None or raw_schema or dbt_vars or crm or sources:
        build(raw_dir, target, dbt_vars, raw_schema, crm, sources)
        return
    record = server_record() if server else None
    if (server and record is None) or (not server and not target.exists()):
        where = engines.describe() if server else target
        print(f"==> no warehouse at {where}: building it from the demo seeds", flush=True)
        build(None, target)
        return
    if not server:
        check_target(target, None)
        record = read_record(target) or {}
    kind, source, user_vars = record.get("source_kind"), record.get("source"), record.get("vars")
    if kind == "sources":
        connections = parse_sources(source or "")
        listed = [{"name": c["name"], "crm": c["crm"], "schema": c["schema"]} for c in connections]
        vars_json = merge_vars(user_vars or None, {"sources": listed, "load_source_data": False})
        folders = [c["folder"] for c in connections if c["folder"]]
        if fingerprint(folders, vars_json) == record.get("fingerprint"):
            print(f"==> warehouse up to date (built from SOURCES={source})", flush=True)
            return
        print(f"==> the project or the raw files changed since the last build: rebuilding "
              f"{target} from SOURCES={source}, as it was built", flush=True)
        build(None, target, user_vars or None, sources=source)
        return
    if kind not in ("raw_dir", "raw_schema", "demo_seeds"):
        raise BuildError(f"The warehouse {target} was built by an earlier version and does not "
                         "say what from. Rebuild it once with the source you mean: "
                         "make build (demo data) or RAW_DIR=<folder> DUCKDB_PATH=... make build.")
    raw = Path(source) if kind == "raw_dir" else None
    if raw is not None and not raw.is_dir():
        raise BuildError(f"The warehouse {target} was built from RAW_DIR={source}, which is no "
                         f"longer there. Run RAW_DIR=<folder> DUCKDB_PATH={target} make build.")
    recorded_crm = record.get("crm") or "contract"
    overrides: dict = {"source": recorded_crm} if recorded_crm != "contract" else {}
    overrides["load_source_data"] = False  # as build() sets it for every source
    if kind == "raw_schema":
        overrides["raw_schema"] = source
    if fingerprint(raw, merge_vars(user_vars or None, overrides)) == record.get("fingerprint"):
        print(f"==> warehouse up to date (built from {describe(kind, source)})", flush=True)
        return
    print(f"==> the project or the raw files changed since the last build: rebuilding "
          f"{target} from {describe(kind, source)}, as it was built", flush=True)
    build(raw, target, user_vars or None, source if kind == "raw_schema" else None, recorded_crm)


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
    parser.add_argument("--source", default=os.environ.get("SOURCE") or None,
                        help="contract (default) or salesforce: what the raw files are")
    parser.add_argument("--sources", default=os.environ.get("SOURCES") or None,
                        help="several connections: 'eu=salesforce:/folder, us=hubspot:/folder'")
    parser.add_argument("--select", default=os.environ.get("SELECT") or None,
                        help="build only these models (dbt selection, e.g. +kpi_monthly)")
    parser.add_argument("--skip-if-current", action="store_true",
                        help="do nothing when the warehouse was built from the same source, "
                        "project and vars (make build; FULL_REFRESH=1 drops this)")
    parser.add_argument("--full-refresh", action="store_true",
                        help="rebuild every model from the raw data, never incrementally "
                        "(make build FULL_REFRESH=1)")
    parser.add_argument("--unit-tests", action="store_true",
                        default=os.environ.get("UNIT_TESTS", "") not in ("", "0"),
                        help="also run dbt's unit tests of the SQL (make test; UNIT_TESTS=1)")
    parser.add_argument("--if-stale", action="store_true",
                        help="rebuild only when stale, and only from the recorded source")
    args = parser.parse_args(argv)
    import signal

    signal.signal(signal.SIGTERM, stop)
    try:
        if args.if_stale:
            ensure_built(args.raw_dir, args.duckdb, args.vars, args.raw_schema, args.source,
                         args.sources)
        else:
            build(args.raw_dir, args.duckdb, args.vars, args.raw_schema, args.source,
                  args.sources, args.select, args.skip_if_current, args.full_refresh,
                  args.unit_tests)
    except BuildError as exc:
        print(f"\nBUILD FAILED: {exc}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, Interrupted):
        print("\nBUILD STOPPED: interrupted; the warehouse was not changed and the partial "
              "build was removed. Run the command again to build.", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the user gets one line; the log keeps the rest
        print(f"\nBUILD FAILED: {unexpected(exc, LOG_FILE)}", file=sys.stderr)
        return 1
    return 0


def unexpected(exc: Exception, log: Path, unchanged: str = "the warehouse was not changed") -> str:
    """One line for an error nobody foresaw; the traceback goes to the log file."""
    import traceback

    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("a", encoding="utf-8") as f:
        f.write("\n" + "".join(traceback.format_exception(exc)))
    first = (str(exc).splitlines() or [""])[0]
    return f"{type(exc).__name__}: {first} (unexpected; {unchanged}). Full traceback: {log}"


if __name__ == "__main__":
    sys.exit(main())
