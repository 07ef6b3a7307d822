"""The meeting pack: produced from the demo data, numbers equal to kpi_monthly, offline,
reproducible, safe with bad parameters and hostile CRM text."""

from __future__ import annotations

import ast
import csv
import json
import re
import shutil

import duckdb
import pytest

from shared_funnel import pack as pack_runner

from ..conftest import PROJECT_DIR, query, run_build, run_pack, write_csv

SECTIONS = ["1. Cover", "2. Shared KPI scorecard", "3. Funnel", "4. Pipeline health",
            "5. Revenue", "6. Marketing contribution", "7. Lead handoff", "8. Feedback loop",
            "9. Cost of misalignment", "10. Glossary"]


def test_pack_is_for_the_latest_complete_month_with_the_notebook_beside_it(
        demo_pack, demo_warehouse):
    _, folder, _ = demo_pack
    latest = query(demo_warehouse, "select strftime(max(month), '%Y-%m') from dim_months "
                                   "where is_complete")[0][0]
    assert folder.name == latest
    assert (folder / "meeting-pack.ipynb").stat().st_size > 10_000
    meta = json.loads((folder / "pack.json").read_text())
    assert meta["parameters"]["period"] == latest


def test_all_ten_sections_in_meeting_order(demo_pack):
    _, _, page = demo_pack
    positions = [page.find(f"<h2>{title}</h2>") for title in SECTIONS]
    assert -1 not in positions, [t for t, p in zip(SECTIONS, positions, strict=True) if p < 0]
    assert positions == sorted(positions)


def test_scorecard_numbers_equal_kpi_monthly(demo_pack, demo_warehouse):
    _, folder, page = demo_pack
    period = folder.name + "-01"
    shown = dict(re.findall(r'data-metric="(\w+)" data-value="([^"]*)"', page))
    assert len(shown) >= 10
    expected = dict(query(demo_warehouse, "select metric, value from kpi_monthly where month = ? "
                                          "and segment = 'all' and region = 'all'", [period]))
    for metric, text in shown.items():
        assert float(text) == pytest.approx(expected[metric], rel=1e-12), metric


def test_no_code_and_nothing_fetched_from_anywhere(demo_pack):
    _, _, page = demo_pack
    external = re.findall(r'(?:src|href)\s*=\s*["\']?\s*(?:https?:)?//', page, flags=re.I)
    assert external == []
    assert "@import" not in page
    assert "sections.cover(pack)" not in page  # code cells are hidden
    assert page.count("<svg") >= 10


def test_index_lists_the_pack_with_its_parameters(demo_pack):
    reports, folder, _ = demo_pack
    index = (reports / "index.html").read_text()
    assert f'href="{folder.name}/meeting-pack.html"' in index
    assert "prior_period" in index and "linear" in index


def test_same_pack_twice_is_identical(demo_pack, demo_warehouse):
    reports, folder, page = demo_pack
    again = run_pack(reports, demo_warehouse)
    assert again.returncode == 0, again.stderr[-2000:]
    assert (folder / "meeting-pack.html").read_text(encoding="utf-8") == page
    assert [p.name for p in reports.iterdir() if p.name.startswith(".")] == []


def sql_of(node: ast.expr) -> str:
    """The literal text of a query argument: a string, an f-string's literal parts, or
    adjacent strings."""
    return " ".join(n.value for n in ast.walk(node)
                    if isinstance(n, ast.Constant) and isinstance(n.value, str))


def test_every_grouped_pack_query_fixes_its_row_order():
    """A grouped query without `order by` returns its rows in an order that can change from
    run to run, and the rows are drawn in that order: the pack stops being reproducible
    (this once failed CI for the time-to-first-touch chart)."""
    tree = ast.parse((PROJECT_DIR / "shared_funnel" / "sections.py").read_text())
    queries = [sql_of(call.args[1]).lower() for call in ast.walk(tree)
               if isinstance(call, ast.Call) and getattr(call.func, "id", None) == "df"]
    grouped = [q for q in queries if "group by" in q]
    assert len(grouped) >= 10
    unordered = [" ".join(q.split())[:120] for q in grouped if "order by" not in q]
    assert unordered == []


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
        con.execute("drop table main.fct_attribution")
    reports = tmp_path / "reports"
    result = run_pack(reports, broken)
    assert result.returncode == 2
    assert "PACK NOT WRITTEN" in result.stderr and "fct_attribution" in result.stderr
    assert [p.name for p in reports.iterdir()] == []


def test_filters_and_another_model_get_their_own_folder(demo_pack, demo_warehouse):
    reports, _, _ = demo_pack
    result = run_pack(reports, demo_warehouse, "--segment", "SMB", "--region", "EMEA",
                      "--model", "u_shaped", "--comparison", "prior_year")
    assert result.returncode == 0, result.stderr[-2000:]
    folder = next(p for p in reports.iterdir() if "segment_SMB" in p.name)
    assert folder.name.endswith("prior_year-segment_SMB-region_EMEA-u_shaped")
    page = (folder / "meeting-pack.html").read_text()
    shown = dict(re.findall(r'data-metric="(\w+)" data-value="([^"]*)"', page))
    period = folder.name[:7] + "-01"
    expected = dict(query(demo_warehouse, "select metric, value from kpi_monthly where month = ? "
                                          "and segment = 'SMB' and region = 'EMEA'", [period]))
    for metric, text in shown.items():
        if text not in ("None", "nan"):
            assert float(text) == pytest.approx(expected[metric], rel=1e-12), metric


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
    months = query(warehouse, "select strftime(month, '%Y-%m') from fct_campaign_performance "
                              "where campaign_name like '<script>%' "
                              "and attributed_revenue_linear > 0 "
                              "order by attributed_revenue_linear desc limit 1")
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
