"""The same project on another engine: fixtures for `make test-postgres` / `make test-spark`.

These tests run only when PARITY_ENGINE names the engine (the make targets set it): a
throw-away PostgreSQL cluster on a free local port (always stopped), or a local Spark
session over a temporary warehouse folder. Each builds the demo seeds and a generated raw
folder on that engine and on DuckDB, then compares them.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from shared_funnel import demo_data

from ..conftest import PROJECT_DIR

ENGINE = os.environ.get("PARITY_ENGINE", "")
# the generated folder: Spark runs every model in its own JVM-side job, so a smaller one
PARITY_LEADS = int(os.environ.get("PARITY_LEADS") or (600 if ENGINE == "spark" else 1500))


def postgres_bin() -> Path:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    if not versions:
        pytest.fail("PostgreSQL is not installed: `make test-postgres` installs it "
                    "(apt-get install -y postgresql)")
    return versions[-1].parent


def interrupted(signum, frame):  # noqa: ARG001 - a signal handler's signature
    raise KeyboardInterrupt(f"signal {signum}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_postgres_user(cmd: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root: run them as the postgres user then."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@pytest.fixture(scope="session")
def engine_env(tmp_path_factory) -> dict:
    """The environment that points a build or a pack at the engine under test."""
    os.environ["TZ"] = "UTC"  # Spark hands timestamps to Python in the local zone
    # a kill (CI's timeout, Ctrl-C) still stops the cluster: pytest tears down on an interrupt
    signal.signal(signal.SIGTERM, interrupted)
    if ENGINE == "postgres":
        # not under pytest's folder: the postgres user (when root runs this) cannot enter it
        folder = Path(tempfile.mkdtemp(prefix="shared-funnel-pg-"))
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            shutil.chown(folder, "postgres")
        data, port = folder / "data", free_port()
        bin_dir = postgres_bin()
        subprocess.run(as_postgres_user([str(bin_dir / "initdb"), "-D", str(data), "-A", "trust",
                                         "-U", "shared_funnel", "--no-sync"]),
                       check=True, capture_output=True)
        options = (f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off")
        subprocess.run(as_postgres_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options,
                                         "-l", str(folder / "server.log"), "-w", "start"]),
                       check=True, capture_output=True)
        try:
            yield {"ENGINE": "postgres", "PG_HOST": "127.0.0.1", "PG_PORT": str(port),
                   "PG_USER": "shared_funnel", "PG_DATABASE": "shared_funnel"}
        finally:
            subprocess.run(as_postgres_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-m",
                                             "immediate", "stop"]), capture_output=True)
            shutil.rmtree(folder, ignore_errors=True)
    elif ENGINE == "spark":
        folder = tmp_path_factory.mktemp("spark")
        yield {"ENGINE": "spark", "SPARK_WAREHOUSE_DIR": str(folder / "warehouse")}
    else:
        pytest.skip("set PARITY_ENGINE=postgres or spark (make test-postgres / test-spark)")


def on_database(engine_env: dict, name: str) -> dict:
    """The engine's settings for a warehouse of its own (a database on PostgreSQL, a
    warehouse folder on Spark): the demo and the generated data never share schemas."""
    if engine_env["ENGINE"] == "postgres":
        import psycopg2

        con = psycopg2.connect(host=engine_env["PG_HOST"], port=int(engine_env["PG_PORT"]),
                               user=engine_env["PG_USER"], dbname="postgres")
        con.autocommit = True
        with con.cursor() as cur:
            cur.execute(f"create database {name}")
        con.close()
        return {**engine_env, "PG_DATABASE": name}
    return {**engine_env, "SPARK_WAREHOUSE_DIR": f"{engine_env['SPARK_WAREHOUSE_DIR']}/{name}"}


def run(env_over: dict, raw_dir: Path | None) -> subprocess.CompletedProcess:
    """`make build` with these settings (ENGINE and its connection, or DUCKDB_PATH)."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("RAW_DIR", "RAW_SCHEMA", "VARS", "SOURCE", "SOURCES", "ENGINE")}
    env.update(env_over)
    env["UNIT_TESTS"] = "1"  # the SQL's unit tests on this engine too
    if raw_dir is not None:
        env["RAW_DIR"] = str(raw_dir)
    return subprocess.run([sys.executable, "-m", "shared_funnel.build"], cwd=PROJECT_DIR,
                          env=env, capture_output=True, text=True, timeout=3600)


@pytest.fixture(scope="session")
def parity_raw(tmp_path_factory) -> Path:
    """A raw folder the demo seeds never were."""
    folder = tmp_path_factory.mktemp("parity_raw")
    demo_data.write(folder, leads=PARITY_LEADS, seed=23)
    return folder
