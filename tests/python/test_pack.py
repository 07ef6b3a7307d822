"""The meeting pack: produced from the demo data, numbers equal to kpi_monthly, offline,
reproducible, safe with bad parameters and hostile CRM text."""

from __future__ import annotations

import csv
import json
import re
import shutil

import duckdb
import pytest

from shared_funnel import pack as pack_runner
from shared_funnel.sections.formatting import fmt

from ..conftest import PROJECT_DIR, query, run_build, run_pack, write_csv

SECTIONS = ["1. Summary", "2. What moved and why", "3. Lists to act on",
            "4. Shared KPI scorecard", "5. Funnel", "6. Pipeline health", "7. Revenue",
            "8. Marketing contribution", "9. Lead handoff", "10. Feedback loop",
            "11. Cost of misalignment", "A. Appendix: data quality", "B. Glossary"]


def test_pack_is_for_the_latest_complete_month_with_the_notebook_beside_it(
        demo_pack, demo_warehouse):
    _, folder, _ = demo_pack
    latest = query(demo_warehouse, "select strftime(max(month), '%Y-%m') from dim_months "
                                   "where is_complete")[0][0]
    assert folder.name == latest
    assert (folder / "meeting-pack.ipynb").stat().st_size > 10_000
    meta = json.loads((folder / "pack.json").read_text())
    assert meta["parameters"]["period"] == latest


def test_every_section_in_meeting_order(demo_pack):
    _, _, page = demo_pack
    positions = [page.find(f"<h2>{title}") for title in SECTIONS]
    assert -1 not in positions, [t for t, p in zip(SECTIONS, positions, strict=True) if p < 0]
    assert positions == sorted(positions)


def scorecard_actuals(folder):
    numbers = json.loads((folder / "meeting-pack.json").read_text())["numbers"]
    period = folder.name[:7] + "-01"
    return {e["metric"]: e["value"] for e in numbers
            if e["section"] == "scorecard" and e["window_start"] == period
            and "dimension" not in e and not e["metric"].startswith("kpis_")}


def test_scorecard_numbers_equal_kpi_monthly(demo_pack, demo_warehouse):
    _, folder, _ = demo_pack
    shown = scorecard_actuals(folder)
    assert len(shown) >= 11
    expected = dict(query(demo_warehouse, "select metric, value from kpi_monthly where month = ? "
                                          "and segment = 'all' and region = 'all'",
                          [folder.name + "-01"]))
    for metric, value in shown.items():
        assert value == pytest.approx(expected[metric], rel=1e-12), metric


def test_no_code_and_nothing_fetched_from_anywhere(demo_pack):
    _, _, page = demo_pack
    external = re.findall(r'(?:src|href)\s*=\s*["\']?\s*(?:https?:)?//', page, flags=re.I)
    assert external == []
    assert "@import" not in page
    assert "sections.summary(pack)" not in page  # code cells are hidden
    assert page.count("<svg") >= 10


def test_index_lists_the_pack_with_its_parameters(demo_pack):
    reports, folder, _ = demo_pack
    index = (reports / "index.html").read_text()
    assert f'href="{folder.name}/meeting-pack.html"' in index
    assert "Oct 2026" in index and "Prior month" in index and "Linear" in index
    # each pack's headline numbers, as its tiles show them
    tiles = json.loads((folder / "meeting-pack.json").read_text())["headlines"]
    assert len(tiles) == 6
    for tile in tiles:
        assert f"{tile['label']}: <b>{tile['value']}</b>" in index, tile
    won = next(t for t in tiles if t["metric"] == "won_revenue")
    shown = next(e for e in json.loads((folder / "meeting-pack.json").read_text())["numbers"]
                 if e.get("dimension") == "tile" and e["metric"] == "won_revenue")
    assert won["value"] == fmt(shown["value"], "currency")


def test_same_pack_twice_is_identical(demo_pack, demo_warehouse):
    reports, folder, page = demo_pack
    again = run_pack(reports, demo_warehouse, "--force")
    assert again.returncode == 0, again.stderr[-2000:]
    assert "is up to date" not in again.stdout
    assert (folder / "meeting-pack.html").read_text(encoding="utf-8") == page
    assert [p.name for p in reports.iterdir() if p.name.startswith(".")] == []


def test_an_up_to_date_pack_is_left_alone_and_a_changed_input_renders_it(
        demo_warehouse, tmp_path):
    reports, notes = tmp_path / "reports", tmp_path / "notes"
    notes.mkdir()
    first = run_pack(reports, demo_warehouse, "--notes", str(notes))
    assert first.returncode == 0, first.stderr[-2000:]
    folder = next(p for p in reports.iterdir() if p.is_dir())
    page, meta = folder / "meeting-pack.html", (folder / "pack.json").read_text()
    rendered = page.stat().st_mtime_ns
    again = run_pack(reports, demo_warehouse, "--notes", str(notes))
    assert again.returncode == 0 and "is up to date" in again.stdout, again.stdout[-2000:]
    assert page.stat().st_mtime_ns == rendered and (folder / "pack.json").read_text() == meta
    (notes / f"{folder.name[:7]}.yml").write_text(
        "commentary:\n  pipeline: Three enterprise deals moved to Q1.\n")
    changed = run_pack(reports, demo_warehouse, "--notes", str(notes))
    assert changed.returncode == 0 and "is up to date" not in changed.stdout
    assert "Three enterprise deals moved to Q1." in page.read_text(encoding="utf-8")


def test_the_pack_inputs_follow_the_warehouse_notebook_code_and_parameters(
        demo_warehouse, tmp_path, monkeypatch):
    notebook, code = tmp_path / "pack.ipynb", tmp_path / "code"
    shutil.copy(pack_runner.NOTEBOOK, notebook)
    shutil.copytree(pack_runner.PACK_CODE / "templates", code / "templates")
    monkeypatch.setattr(pack_runner, "NOTEBOOK", notebook)
    monkeypatch.setattr(pack_runner, "PACK_CODE", code)
    notes = tmp_path / "notes"
    notes.mkdir()
    warehouse = tmp_path / "wh.duckdb"
    shutil.copy(demo_warehouse, warehouse)
    params = pack_runner.validate(None, "prior_period", "all", "all", "linear", warehouse)
    before = pack_runner.pack_inputs(params, "html", warehouse, notes)
    assert before == pack_runner.pack_inputs(params, "html", warehouse, notes)
    assert before != pack_runner.pack_inputs(params, "pdf", warehouse, notes)
    other = pack_runner.validate(None, "prior_year", "all", "all", "linear", warehouse)
    assert before != pack_runner.pack_inputs(other, "html", warehouse, notes)

    def rebuild():
        with duckdb.connect(str(warehouse)) as con:
            con.execute("create table main.rebuilt as select 1 as x")
            con.execute("checkpoint")

    seen = {before}
    for change in (lambda: notebook.write_text(notebook.read_text() + " "),
                   lambda: (code / "templates" / "pack" / "pack.css").write_text("changed"),
                   lambda: (notes / "2026-10.yml").write_text("commentary: {}\n"),
                   rebuild):
        change()
        now = pack_runner.pack_inputs(params, "html", warehouse, notes)
        assert now not in seen
        seen.add(now)


def test_every_pack_query_fixes_its_row_order(demo_warehouse):
    """Rows are drawn in the order they come back, so every query orders them (this once
    failed CI for the time-to-first-touch chart): the one query builder appends
    `order by`, and no rpt_ model lacks the column it orders by."""
    from shared_funnel.sections import open_pack

    pack = open_pack(warehouse=str(demo_warehouse))
    seen = []
    real = pack.con.execute

    def spy(sql, params=None):
        seen.append(sql)
        return real(sql, params or [])

    pack.con = type("Spy", (), {"execute": staticmethod(spy)})()
    pack.rows("rpt_funnel_by_channel")
    pack.reference("rpt_glossary")
    assert seen and all(" order by " in sql for sql in seen)
    with pytest.raises(ValueError):
        pack.rows("fct_leads")


@pytest.mark.parametrize("args, named", [
    (["--period", "2031-01"], "period"),
    (["--period", "October"], "period"),
    (["--segment", "XXL"], "segment"),
    (["--region", "MARS"], "region"),
    (["--model", "last_click"], "model"),
    (["--comparison", "last_week"], "comparison"),
])
def test_bad_parameter_stops_before_writing_and_lists_valid_values(
        tmp_path, demo_warehouse, args, named):
    reports = tmp_path / "reports"
    result = run_pack(reports, demo_warehouse, *args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"{named}=" in result.stderr and "valid values:" in result.stderr
    assert not reports.exists() or list(reports.iterdir()) == []


def test_a_failing_notebook_leaves_no_half_pack(tmp_path, demo_warehouse):
    broken = tmp_path / "wh" / "shared_funnel.duckdb"
    broken.parent.mkdir()
    shutil.copy(demo_warehouse, broken)
    with duckdb.connect(str(broken)) as con:
        con.execute("drop table main.rpt_attribution_by_channel")
    reports = tmp_path / "reports"
    result = run_pack(reports, broken)
    assert result.returncode == 2
    assert "PACK NOT WRITTEN" in result.stderr and "rpt_attribution_by_channel" in result.stderr
    assert [p.name for p in reports.iterdir()] == []


def test_filters_and_another_model_get_their_own_folder(demo_pack, demo_warehouse):
    reports, _, _ = demo_pack
    result = run_pack(reports, demo_warehouse, "--segment", "SMB", "--region", "EMEA",
                      "--model", "u_shaped", "--comparison", "prior_year")
    assert result.returncode == 0, result.stderr[-2000:]
    folder = next(p for p in reports.iterdir() if "segment_SMB" in p.name)
    assert folder.name.endswith("prior_year-segment_SMB-region_EMEA-u_shaped")
    shown = scorecard_actuals(folder)
    period = folder.name[:7] + "-01"
    expected = dict(query(demo_warehouse, "select metric, value from kpi_monthly where month = ? "
                                          "and segment = 'SMB' and region = 'EMEA'", [period]))
    assert len(shown) >= 8
    for metric, value in shown.items():
        if value is not None:
            assert value == pytest.approx(expected[metric], rel=1e-12), metric


def test_hostile_crm_text_is_escaped(clean_raw, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(clean_raw, raw)
    with (raw / "campaigns.csv").open(newline="") as f:
        campaigns = list(csv.DictReader(f))
    # the campaign with the most responses shows in the pack's campaign tables
    with (raw / "campaign_members.csv").open(newline="") as f:
        counts: dict[str, int] = {}
        for row in csv.DictReader(f):
            counts[row["campaign_id"]] = counts.get(row["campaign_id"], 0) + 1
    busiest = max(counts, key=counts.get)
    hostile = '<script>alert("owned")</script><img src=x onerror=alert(1)>'
    for row in campaigns:
        if row["campaign_id"] == busiest or row["channel"] == "webinar":
            row["campaign_name"] = hostile
    write_csv(raw / "campaigns.csv", campaigns)
    with (raw / "opportunities.csv").open(newline="") as f:
        opps = list(csv.DictReader(f))
    for row in opps:
        if row["competitor"]:
            row["competitor"] = "<b>Evil</b> & Co"
    write_csv(raw / "opportunities.csv", opps)
    warehouse = tmp_path / "wh" / "shared_funnel.duckdb"
    built = run_build(raw, warehouse)
    assert built.returncode == 0, built.stdout[-3000:]
    reports = tmp_path / "reports"
    months = query(warehouse, "select strftime(period, '%Y-%m') from rpt_campaign_performance "
                              "where campaign_name like '<script>%' and model = 'linear' "
                              "order by sort_order, period desc limit 1")
    result = run_pack(reports, warehouse, *(["--period", months[0][0]] if months else []))
    assert result.returncode == 0, result.stderr[-3000:]
    page = next(reports.glob("*/meeting-pack.html")).read_text()
    assert re.search(r"&lt;script&gt;alert\((&quot;|\")owned(&quot;|\")\)&lt;/script&gt;", page)
    assert "&lt;b&gt;Evil&lt;/b&gt; &amp; Co" in page
    assert '<script>alert("owned")' not in page
    assert "<img src=x" not in page


def test_build_and_pack_work_while_a_reader_holds_the_warehouse(clean_raw, tmp_path):
    warehouse = tmp_path / "wh" / "shared_funnel.duckdb"
    assert run_build(clean_raw, warehouse).returncode == 0
    with duckdb.connect(str(warehouse), read_only=True) as analyst:  # a JupyterLab kernel
        before = analyst.execute("select count(*) from kpi_monthly").fetchone()[0]
        rebuilt = run_build(clean_raw, warehouse)
        assert rebuilt.returncode == 0, rebuilt.stdout[-3000:]
        packed = run_pack(tmp_path / "reports", warehouse)
        assert packed.returncode == 0, packed.stderr[-3000:]
        assert analyst.execute("select count(*) from kpi_monthly").fetchone()[0] == before


def test_month_range_for_backfills():
    assert pack_runner.month_range("2025-11", "2026-02") == [
        "2025-11", "2025-12", "2026-01", "2026-02"]


def test_the_explore_notebook_runs_read_only(demo_warehouse, tmp_path, monkeypatch):
    import papermill

    monkeypatch.setenv("DUCKDB_PATH", str(demo_warehouse))
    out = tmp_path / "explore.ipynb"
    papermill.execute_notebook(str(PROJECT_DIR / "notebooks" / "explore.ipynb"), str(out),
                               cwd=str(PROJECT_DIR), kernel_name="python3", progress_bar=False)
    executed = json.loads(out.read_text())
    svgs = [o for c in executed["cells"] for o in c.get("outputs", [])
            if "image/svg+xml" in o.get("data", {})]
    assert len(svgs) == 2


def test_notebooks_are_committed_without_outputs():
    for path in (PROJECT_DIR / "notebooks").glob("*.ipynb"):
        cells = json.loads(path.read_text())["cells"]
        assert all(not c.get("outputs") and c.get("execution_count") is None
                   for c in cells if c["cell_type"] == "code"), path.name
