"""Nothing of the user's is overwritten or replaced: the build refuses files it did not
make, a warehouse remembers its source and is rebuilt only from it, VARS are parsed as
YAML, and bad ranges or duplicate files stop with a message instead of a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import duckdb
import pytest

from shared_funnel import build as builder
from shared_funnel import lab

from ..conftest import PROJECT_DIR, query, read_csv, run_build, write_csv


def ensure(duckdb_path, **env) -> subprocess.CompletedProcess:
    """`make pack`'s first step: build only if needed, from the recorded source."""
    environ = {k: v for k, v in os.environ.items() if k not in ("RAW_DIR", "RAW_SCHEMA", "VARS")}
    environ.update(DUCKDB_PATH=str(duckdb_path), **env)
    return subprocess.run([sys.executable, "-m", "shared_funnel.build", "--if-stale"],
                          cwd=PROJECT_DIR, env=environ, capture_output=True, text=True,
                          timeout=900)


@pytest.mark.parametrize("content", [b"lead_id,created_at\nL1,2025-01-01\n", b"",
                                     b"PK\x03\x04 a spreadsheet"])
def test_a_file_that_is_not_a_warehouse_is_never_overwritten(tmp_path, content):
    victim = tmp_path / "opportunities.csv"
    victim.write_bytes(content)
    result = run_build(None, victim)
    assert result.returncode == 1
    assert victim.read_bytes() == content
    assert "is not a DuckDB warehouse" in result.stderr and "Nothing was changed" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["opportunities.csv"]


def test_a_duckdb_file_this_project_did_not_build_is_refused(tmp_path):
    theirs = tmp_path / "finance.duckdb"
    with duckdb.connect(str(theirs)) as con:
        con.execute("create table ledger as select 42 as amount")
    before = theirs.read_bytes()
    result = run_build(None, theirs)
    assert result.returncode == 1
    assert "did not build" in result.stderr and "RAW_SCHEMA" in result.stderr
    assert theirs.read_bytes() == before


def test_the_demo_warehouse_is_up_to_date_for_the_pack(demo_warehouse):
    """make pack after make build: nothing changed, so no second build."""
    fresh = ensure(demo_warehouse)
    assert fresh.returncode == 0 and "up to date" in fresh.stdout, fresh.stdout + fresh.stderr
    assert "rebuilding" not in fresh.stdout


def test_a_warehouse_is_rebuilt_only_from_its_own_source(clean_raw, tmp_path):
    warehouse = tmp_path / "wh" / "shared_funnel.duckdb"
    assert run_build(clean_raw, warehouse, vars_yaml="sla_hours: 48").returncode == 0
    leads = query(warehouse, "select count(*) from staging.stg_crm__leads")[0][0]
    record = query(warehouse, "select source_kind, source, vars from shared_funnel_build")[0]
    assert record == ("raw_dir", str(clean_raw.resolve()), "sla_hours: 48")
    fresh = ensure(warehouse)
    assert fresh.returncode == 0 and "up to date" in fresh.stdout, fresh.stdout + fresh.stderr
    # the project changed since (as after a git pull): rebuilt from the same folder and vars
    with duckdb.connect(str(warehouse)) as con:
        con.execute("update shared_funnel_build set fingerprint = 'older project'")
    stale = ensure(warehouse)
    assert stale.returncode == 0, stale.stdout[-3000:] + stale.stderr[-2000:]
    assert f"from the raw folder {clean_raw.resolve()}" in stale.stdout
    assert query(warehouse, "select count(*) from staging.stg_crm__leads")[0][0] == leads
    assert query(warehouse, "select value from pack_settings where setting = 'sla_hours'") == [
        ("48",)]


def test_a_warehouse_whose_folder_is_gone_says_what_to_run(clean_raw, tmp_path):
    raw = tmp_path / "export"
    shutil.copytree(clean_raw, raw)
    warehouse = tmp_path / "wh" / "shared_funnel.duckdb"
    assert run_build(raw, warehouse).returncode == 0
    shutil.rmtree(raw)
    with duckdb.connect(str(warehouse)) as con:
        con.execute("update shared_funnel_build set fingerprint = 'older project'")
    result = ensure(warehouse)
    assert result.returncode == 1
    assert "no longer there" in result.stderr and "make build" in result.stderr
    assert "Traceback" not in result.stderr


def test_vars_are_parsed_as_yaml_and_checked():
    assert builder.merge_vars("sla_hours: 48", {"load_source_data": False}) == (
        '{"sla_hours": 48, "load_source_data": false}')
    assert builder.merge_vars("{sla_hours: 48, lookback_days: 90}", {}) == (
        '{"sla_hours": 48, "lookback_days": 90}')
    with pytest.raises(builder.BuildError, match="not a var of this project.*sla_hours"):
        builder.merge_vars("sla_hour: 48", {})
    with pytest.raises(builder.BuildError, match="not valid YAML"):
        builder.merge_vars("{sla_hours: 48", {})
    with pytest.raises(builder.BuildError, match="must name vars"):
        builder.merge_vars("48", {})


def test_vars_with_raw_dir_reach_the_build(clean_raw, tmp_path):
    """VARS='sla_hours: 48' with RAW_DIR used to be dropped silently."""
    warehouse = tmp_path / "wh" / "shared_funnel.duckdb"
    result = run_build(clean_raw, warehouse, vars_yaml="sla_hours: 48")
    assert result.returncode == 0, result.stdout[-3000:]
    assert query(warehouse, "select value from pack_settings where setting = 'sla_hours'") == [
        ("48",)]


def test_two_files_for_one_table_are_refused(clean_raw, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(clean_raw, raw)
    with duckdb.connect() as con:
        con.execute(f"copy (select * from read_csv('{raw / 'leads.csv'}', all_varchar = true) "
                    f"limit 5) to '{raw / 'leads.parquet'}' (format parquet)")
    result = run_build(raw, tmp_path / "wh" / "shared_funnel.duckdb")
    assert result.returncode == 1
    assert "Two files for one table" in result.stdout + result.stderr
    assert "leads" in result.stdout + result.stderr
    assert not (tmp_path / "wh" / "shared_funnel.duckdb").exists()


@pytest.mark.parametrize("first, last, says", [
    ("2025-13", "2026-01", "FROM='2025-13' is not a month"),
    ("abc", "2026-01", "FROM='abc' is not a month"),
    ("2026-03", "2026-01", "is after TO"),
    ('2025-01" ; touch x ; echo "', "2026-01", "is not a month"),
])
def test_bad_pack_ranges_stop_with_a_message(demo_warehouse, tmp_path, first, last, says):
    env = {**os.environ, "FROM": first, "TO": last, "DUCKDB_PATH": str(demo_warehouse)}
    result = subprocess.run([sys.executable, "-m", "shared_funnel.pack", "--range", "--reports",
                             str(tmp_path / "reports")], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert says in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x").exists() and not (tmp_path / "reports").exists()


def test_lab_takes_port_and_args_without_a_shell():
    args = lab.command({"PORT": "8890", "LAB_ARGS": "--ServerApp.token='a b'"})
    assert "--port=8890" in args and "--no-browser" in args
    assert args[-1] == "--ServerApp.token=a b"
    if os.geteuid() == 0:
        assert "--allow-root" in args
    with pytest.raises(SystemExit, match="not a port number"):
        lab.command({"PORT": "80; rm -rf /"})


def test_a_killed_build_changes_nothing_and_leaves_no_debris(clean_raw, clean_warehouse,
                                                           tmp_path):
    import signal
    import time

    warehouse = tmp_path / "wh" / "shared_funnel.duckdb"
    warehouse.parent.mkdir()
    shutil.copy(clean_warehouse, warehouse)
    before = warehouse.read_bytes()
    env = {k: v for k, v in os.environ.items() if k not in ("RAW_SCHEMA", "VARS")}
    env.update(RAW_DIR=str(clean_raw), DUCKDB_PATH=str(warehouse))
    proc = subprocess.Popen([sys.executable, "-m", "shared_funnel.build"], cwd=PROJECT_DIR,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not list(warehouse.parent.glob(".building-*")) and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(2)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, out[-2000:] + err[-2000:]
    assert "BUILD STOPPED" in err and "Traceback" not in out + err
    assert sorted(p.name for p in warehouse.parent.iterdir()) == ["shared_funnel.duckdb"]
    assert warehouse.read_bytes() == before


def test_the_next_build_removes_what_a_killed_one_left(clean_raw, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(clean_raw, raw)
    (raw / "leads.csv").unlink()  # fails fast, after cleaning up
    folder = tmp_path / "wh"
    debris = folder / ".building-999999999"
    debris.mkdir(parents=True)
    (debris / "shared_funnel.duckdb").write_bytes(b"half a build")
    result = run_build(raw, folder / "shared_funnel.duckdb")
    assert result.returncode == 1 and "leads" in result.stdout + result.stderr
    assert not debris.exists()


def test_a_warehouse_another_process_writes_to_is_named(clean_warehouse, tmp_path):
    warehouse = tmp_path / "wh" / "shared_funnel.duckdb"
    warehouse.parent.mkdir()
    shutil.copy(clean_warehouse, warehouse)
    holder = subprocess.Popen([sys.executable, "-c",
                               "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); "
                               "print('open', flush=True); time.sleep(120)", str(warehouse)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        result = run_build(None, warehouse)
        assert result.returncode == 1
        assert f"open for writing by process {holder.pid}" in result.stderr
        assert "Traceback" not in result.stdout + result.stderr
    finally:
        holder.kill()
        holder.wait()


def test_ragged_lines_encodings_and_headers_lose_nothing(clean_raw, clean_warehouse, tmp_path):
    """One extra field on a line, a Latin-1 file and a header in other case and spacing:
    the line is rejected with its file and line number, the rest of the file is staged,
    the Latin-1 text is read as such, and the columns are matched by name. Booleans that
    are not booleans and numbers too large are flagged or rejected, not crashes."""
    raw = tmp_path / "raw"
    shutil.copytree(clean_raw, raw)
    leads = read_csv(raw / "leads.csv")
    leads[3]["is_deleted"] = "maybe"
    leads[6]["lead_source"] = "ALL"  # the pack's word for every channel
    leads[7]["lead_source"] = "tiktok"
    twin_id = leads[4]["lead_id"]
    leads.append(dict(leads[4], lead_id=twin_id + "\t\u200b"))  # the same lead, invisibly marked
    leads[5]["updated_at"] = "2205-01-01T00:00:00Z"  # a typo far in the future
    write_csv(raw / "leads.csv", leads)
    campaigns = read_csv(raw / "campaigns.csv")
    campaigns[len(campaigns) // 2]["start_date"] = "0025-01-06"  # and one far in the past
    write_csv(raw / "campaigns.csv", campaigns)
    targets = read_csv(raw / "targets.csv")
    targets[0]["month"] = "01/2025"
    write_csv(raw / "targets.csv", targets)
    accounts_rows = read_csv(raw / "accounts.csv")
    accounts_rows[2]["employee_count"] = "99999999999999"
    write_csv(raw / "accounts.csv", accounts_rows)
    opportunities = read_csv(raw / "opportunities.csv")
    opportunities[7]["is_won"] = "perhaps"
    opportunities[8]["amount"] = "1e309"
    write_csv(raw / "opportunities.csv", opportunities)
    lines = (raw / "opportunities.csv").read_text().split("\n")
    lines[5] += ",an extra field"
    (raw / "opportunities.csv").write_text("\n".join(lines))
    records = len([ln for ln in lines[1:] if ln.strip()])
    accounts = (raw / "accounts.csv").read_text()
    header, body = accounts.split("\n", 1)
    header = header.replace("account_id", "Account ID", 1).replace("segment", " Segment ")
    (raw / "accounts.csv").write_bytes((header + "\n" + body.replace("Labs", "Läbs")).encode(
        "cp1252"))
    warehouse = tmp_path / "wh" / "shared_funnel.duckdb"
    result = run_build(raw, warehouse)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "Traceback" not in result.stdout + result.stderr
    assert "accounts.csv: not UTF-8; read as Windows-1252" in result.stdout
    assert "'Account ID' -> account_id" in result.stdout
    assert "opportunities.csv: 1 malformed line(s) rejected" in result.stdout
    assert "leads.csv: 1 value(s) had invisible characters" in result.stdout
    assert query(warehouse, "select count(*) from staging.base_crm__leads where lead_id = ?",
                 [twin_id]) == [(2,)]  # one lead in two versions, not two leads
    rejected = query(warehouse, "select reason from rejected_rows where rule = 'malformed_line'")
    assert len(rejected) == 1 and rejected[0][0].startswith("line 6 of opportunities.csv has 21")
    counted = query(warehouse, """
        select (select count(*) from staging.stg_crm__opportunities)
             + (select count(*) from superseded_rows where source_table = 'opportunities')
             + (select count(*) from rejected_rows where source_table = 'opportunities')""")
    assert counted[0][0] == records  # the rows on disk, not only what loaded
    assert query(warehouse, "select count(*) from staging.stg_crm__accounts "
                            "where account_name like '%Läbs%'")[0][0] > 0
    segments = query(warehouse, "select count(distinct segment) from staging.stg_crm__accounts")
    assert segments[0][0] > 1
    flagged = {(t, d) for t, d in query(warehouse, "select source_table, detail from "
                                                   "data_quality_issues "
                                                   "where rule = 'unparseable_value'")}
    assert ("leads", "kept as null: is_deleted") in flagged
    assert ("leads", "kept as null: updated_at") in flagged
    assert ("campaigns", "kept as null: start_date") in flagged
    assert ("leads", "kept as null: lead_source") in flagged
    assert query(warehouse, "select count(*) from data_quality_issues where rule = "
                            "'unknown_channel' and detail like 'lead_source tiktok%'") == [(1,)]
    assert query(warehouse, "select reason from rejected_rows where source_table = 'targets'"
                            " and rule = 'missing_key'") == [("month does not parse: 01/2025",)]
    calendar = "select min(month), max(month), count(*) from kpi_monthly"
    assert query(warehouse, calendar) == query(clean_warehouse, calendar)
    as_of = "select as_of_at from intermediate.int_as_of"
    assert query(warehouse, as_of) == query(clean_warehouse, as_of)
    assert ("opportunities", "kept as null: is_won") in flagged
    assert query(warehouse, "select max(employee_count) from staging.stg_crm__accounts") == [
        (99999999999999,)]
    assert query(warehouse, "select rule from rejected_rows where source_table = "
                            "'opportunities' and reason like '%1e309%'") == [("not_a_number",)]


@pytest.mark.parametrize("table, content, says", [
    ("leads", b"", "leads.csv is empty (0 bytes)"),
    ("users", "user_id,full_name\n".encode("utf-16-le"), "NUL bytes"),
    ("accounts", b"name,segment\nAcme,SMB\n", "accounts.csv has no column account_id"),
    ("leads", b"lead_id,email\nL1,a@b.c\n", "leads.csv has no column created_at"),
    ("campaigns", b"campaign_id,Campaign ID\nC1,C1\n", "appear twice in the header"),
])
def test_unusable_files_stop_before_anything_loads(clean_raw, tmp_path, table, content, says):
    raw = tmp_path / "raw"
    shutil.copytree(clean_raw, raw)
    (raw / f"{table}.csv").write_bytes(content)
    result = run_build(raw, tmp_path / "wh" / "shared_funnel.duckdb")
    assert result.returncode == 1
    assert says in result.stderr and "Traceback" not in result.stdout + result.stderr
    assert not (tmp_path / "wh" / "shared_funnel.duckdb").exists()
    assert (raw / f"{table}.csv").read_bytes() == content  # the user's file is only read


def test_any_path_a_file_system_allows_works(clean_raw, tmp_path):
    folder = tmp_path / "we ird #&'[1] é"
    raw = folder / "raw [x]"
    shutil.copytree(clean_raw, raw)
    warehouse = folder / "wh #1" / "shared_funnel.duckdb"
    built = run_build(raw, warehouse)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-2000:]
    assert query(warehouse, "select source from shared_funnel_build") == [(str(raw.resolve()),)]
    assert sorted(p.name for p in warehouse.parent.iterdir()) == ["shared_funnel.duckdb"]
    env = {**os.environ, "DUCKDB_PATH": str(warehouse)}
    packed = subprocess.run([sys.executable, "-m", "shared_funnel.pack", "--reports",
                             str(folder / "reports & co")], cwd=PROJECT_DIR, env=env,
                            capture_output=True, text=True, timeout=600)
    assert packed.returncode == 0, packed.stderr[-3000:]
    assert list((folder / "reports & co").glob("*/meeting-pack.json"))


@pytest.mark.parametrize("content", [b"not a database", b""])
def test_a_pack_from_a_file_that_is_not_a_warehouse_says_so(tmp_path, content):
    fake = tmp_path / "shared_funnel.duckdb"
    fake.write_bytes(content)
    env = {**os.environ, "DUCKDB_PATH": str(fake)}
    result = subprocess.run([sys.executable, "-m", "shared_funnel.pack", "--reports",
                             str(tmp_path / "reports")], cwd=PROJECT_DIR, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "PACK NOT WRITTEN" in result.stderr
    assert "Traceback" not in result.stderr and fake.read_bytes() == content


def test_make_passes_values_as_one_argument_and_refuses_a_data_file(tmp_path, demo_warehouse):
    """Through make itself: a value with quotes and `;` reaches Python as one argument
    (nothing runs in a shell), and a data file as DUCKDB_PATH is refused."""
    victim = tmp_path / "notes.xlsx"
    victim.write_bytes(b"PK\x03\x04 not a warehouse")
    env = {k: v for k, v in os.environ.items() if k not in ("RAW_DIR", "RAW_SCHEMA", "VARS")}
    built = subprocess.run(["make", "--no-print-directory", "build", f"DUCKDB_PATH={victim}"],
                           cwd=PROJECT_DIR, env=env, capture_output=True, text=True,
                           timeout=300)
    assert built.returncode != 0 and "is not a DuckDB warehouse" in built.stderr
    assert victim.read_bytes() == b"PK\x03\x04 not a warehouse"
    marker = tmp_path / "pwned"
    packs = subprocess.run(["make", "--no-print-directory", "packs",
                            f"FROM=2025-01\" ; touch {marker} ; echo \"", "TO=2025-02",
                            f"DUCKDB_PATH={demo_warehouse}"],
                           cwd=PROJECT_DIR, env=env, capture_output=True, text=True,
                           timeout=600)
    assert not marker.exists()
    assert packs.returncode != 0 and "is not a month" in packs.stderr
    assert "Traceback" not in packs.stdout + packs.stderr


def test_an_error_nobody_foresaw_is_one_line_and_a_log(tmp_path, demo_warehouse):
    blocker = tmp_path / "a file"
    blocker.write_text("in the way")
    env = {**os.environ, "DUCKDB_PATH": str(demo_warehouse)}
    packed = subprocess.run([sys.executable, "-m", "shared_funnel.pack", "--reports",
                             str(blocker / "reports")], cwd=PROJECT_DIR, env=env,
                            capture_output=True, text=True, timeout=300)
    assert packed.returncode == 2 and "Traceback" not in packed.stdout + packed.stderr
    assert "NotADirectoryError" in packed.stderr and "logs/pack.log" in packed.stderr
    built = run_build(None, blocker / "wh" / "shared_funnel.duckdb")
    assert built.returncode == 1 and "Traceback" not in built.stdout + built.stderr
    assert "unexpected" in built.stderr and "logs/build.log" in built.stderr
