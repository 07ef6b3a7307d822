"""An incremental build gives what a full refresh gives, table for table.

The demo's raw files are built without the last tenth of their campaign responses,
activities and stage changes; then the next export lands in the same folder: that slice
appended, a superseding version of an old response appended, and rows edited in place
inside the lookback (a non-default var, 45 days, 40 days before the latest row), and
opportunities and accounts edited in place (an amount doubled, a segment changed: what
only fct_attribution's own check sees, their fingerprints being the same). The build of
that folder on the first warehouse is incremental; a full build of the same folder into a
new warehouse must equal it in every table (floating-point tolerance only)."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta

import duckdb
import pytest

from shared_funnel.build import BuildError, incremental_ok, merge_vars

from ..conftest import PROJECT_DIR, read_csv, run_build, write_csv
from ..tables import row_differences

STREAMS = {"campaign_members": "created_at", "lead_activities": "occurred_at",
           "opportunity_stage_history": "changed_at"}
LOOKBACK = "{incremental_lookback_days: 45}"


def moment(text: str) -> datetime | None:
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def latest(rows: list[dict], column: str) -> datetime:
    return max(m for m in (moment(r[column]) for r in rows) if m and m.year < 2100)


def edit_inside_lookback(rows: list[dict], column: str, since: datetime, change) -> dict:
    """Edit in place the first row whose event time is 38-42 days before `since`."""
    for row in rows:
        when = moment(row[column])
        if when and timedelta(days=38) <= since - when <= timedelta(days=42):
            change(row)
            return row
    raise AssertionError(f"no {column} 40 days before the latest")


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    raw = tmp_path_factory.mktemp("raw_incremental")
    for table in ("accounts", "campaigns", "fx_rates", "lead_feedback", "leads", "market_size",
                  "opportunities", "targets", "users", *STREAMS):
        shutil.copyfile(PROJECT_DIR / "seeds" / f"{table}.csv", raw / f"{table}.csv")
    full_rows = {t: read_csv(raw / f"{t}.csv") for t in STREAMS}
    for table, rows in full_rows.items():  # the first export: without its last tenth
        write_csv(raw / f"{table}.csv", rows[: len(rows) * 9 // 10])
    first = tmp_path_factory.mktemp("wh_incremental") / "shared_funnel.duckdb"
    result = run_build(raw, first, vars_yaml=LOOKBACK)
    assert result.returncode == 0, result.stdout[-4000:]
    assert not result.stdout.startswith("==> incremental")

    # the next export in the same folder: the slice appended, rows edited in place
    edited = {}
    for table, column in STREAMS.items():
        rows = full_rows[table]
        read = rows[: len(rows) * 9 // 10]  # what the first build read: edited in place
        since = latest(read, column)
        if table == "campaign_members":
            edited[table] = edit_inside_lookback(
                read, column, since, lambda r: r.update(member_status="edited"))
            old = next(r for r in read if (m := moment(r["created_at"])) and since - m
                       > timedelta(days=200) and r["member_id"])
            edited["superseded"] = old["member_id"]
            rows.append({**old, "member_status": "superseding",
                         "created_at": (since + timedelta(hours=1)).isoformat()})
        elif table == "lead_activities":
            edited[table] = edit_inside_lookback(
                read, column, since, lambda r: r.update(activity_type="edited"))
        else:
            edited[table] = edit_inside_lookback(
                read, column, since, lambda r: r.update(amount="12345.67"))
        write_csv(raw / f"{table}.csv", rows)
    # dimensions edited in place, of deals whose responses the new export leaves as they
    # were (so their fingerprints stand): one deal's amount, another's account's segment
    members = full_rows["campaign_members"]
    touched = {r["lead_id"] for r in members[len(members) * 9 // 10:]}
    leads = read_csv(raw / "leads.csv")
    untouched = ({r["account_id"] for r in leads if r["lead_id"] in touched}
                 | {r["converted_opportunity_id"] for r in leads if r["lead_id"] in touched})
    opportunities = read_csv(raw / "opportunities.csv")
    doubled, other = [o for o in opportunities if o["amount"] and o["is_closed"] == "true"
                      and not {o["account_id"], o["opportunity_id"]} & untouched][:2]
    doubled["amount"] = f"{float(doubled['amount']) * 2:.2f}"
    write_csv(raw / "opportunities.csv", opportunities)
    accounts = read_csv(raw / "accounts.csv")
    moved = next(a for a in accounts if a["account_id"] == other["account_id"])
    moved["segment"] = "ENT" if moved["segment"] != "ENT" else "SMB"
    write_csv(raw / "accounts.csv", accounts)
    edited.update(doubled=doubled["opportunity_id"], moved=moved["account_id"])
    again = run_build(raw, first, vars_yaml=LOOKBACK)
    assert again.returncode == 0, again.stdout[-4000:]
    fresh = tmp_path_factory.mktemp("wh_full") / "shared_funnel.duckdb"
    full = run_build(raw, fresh, vars_yaml=LOOKBACK)
    assert full.returncode == 0, full.stdout[-4000:]
    return {"incremental": first, "full": fresh, "log": again.stdout, "edited": edited}


def tables_of(path) -> dict[str, tuple[list[str], list[tuple]]]:
    with duckdb.connect(str(path), read_only=True) as con:
        names = con.execute(
            "select schema_name, table_name from duckdb_tables() where database_name = "
            "current_database() union all select schema_name, view_name from duckdb_views() "
            "where database_name = current_database() and not internal").fetchall()
        out = {}
        for schema, table in names:
            if table == "shared_funnel_build":
                continue
            result = con.execute(f'select * from "{schema}"."{table}"')
            out[f"{schema}.{table}"] = ([d[0] for d in result.description], result.fetchall())
    return out


def test_the_second_build_is_incremental(builds):
    assert builds["log"].startswith("==> incremental"), builds["log"][:500]


def test_every_table_equals_a_full_refresh(builds):
    incremental, full = tables_of(builds["incremental"]), tables_of(builds["full"])
    assert sorted(incremental) == sorted(full)
    assert len(full) > 100
    wrong = []
    for name, (columns, rows) in full.items():
        wrong += row_differences(name, columns, rows, *incremental[name], "full refresh")
    assert not wrong, "\n".join(wrong[:10])


def test_the_edits_inside_the_lookback_were_read(builds):
    with duckdb.connect(str(builds["incremental"]), read_only=True) as con:
        statuses = dict(con.execute(
            "select member_status, count(*) from staging.stg_crm__campaign_members "
            "where member_status in ('edited', 'superseding') group by 1").fetchall())
        edited = builds["edited"]["lead_activities"]["activity_id"]
        activity = con.execute("select activity_type from staging.stg_crm__lead_activities "
                               "where activity_id = ?", [edited]).fetchone()
        superseded = con.execute(
            "select count(*) from main.superseded_rows where source_table = 'campaign_members' "
            "and source_key = ?", [builds["edited"]["superseded"]]).fetchone()[0]
        amounts = con.execute("select count(*) from staging.stg_crm__opportunity_stage_history "
                              "where amount = 12345.67").fetchone()[0]
        # the in-place edits of a deal and an account reached its attribution
        doubled = con.execute(
            "select count(*) from main.fct_attribution as a join main.fct_opportunities as o "
            "using (opportunity_id) where o.opportunity_id = ? and a.model = 'first_touch' "
            "and a.touch_position = 1 and a.attributed_pipeline = o.pipeline_amount_usd",
            [builds["edited"]["doubled"]]).fetchone()[0]
    assert statuses == {"edited": 1, "superseding": 1}
    assert doubled == 1
    assert activity == ("edited",)
    assert superseded == 1 and amounts == 1


def record(fingerprint: str, **over) -> dict:
    return {"source_kind": "raw_dir", "source": "/x", "crm": "contract",
            "fingerprint": fingerprint, **over}


def test_only_the_same_source_project_and_vars_build_incrementally():
    stamp = "project.raw2"
    assert incremental_ok(record("project.raw1"), "raw_dir", "/x", "contract", stamp)
    assert not incremental_ok(None, "raw_dir", "/x", "contract", stamp)
    assert not incremental_ok(record("vars.raw1"), "raw_dir", "/x", "contract", stamp)
    assert not incremental_ok(record("project.raw1"), "raw_dir", "/y", "contract", stamp)
    assert not incremental_ok(record("partial +kpi_monthly: project.raw1"), "raw_dir", "/x",
                              "contract", stamp)
    assert not incremental_ok(record("project.raw1", crm="salesforce"), "raw_dir", "/x",
                              "salesforce", stamp)
    assert not incremental_ok(record("0123abcd"), "raw_dir", "/x", "contract", stamp)


@pytest.mark.parametrize("value", ["-1", "'30'", "2.5", "true"])
def test_a_lookback_that_is_not_whole_days_is_refused(value):
    with pytest.raises(BuildError, match="incremental_lookback_days must be a whole number"):
        merge_vars(f"{{incremental_lookback_days: {value}}}", {})
    assert "45" in merge_vars("{incremental_lookback_days: 45}", {})
