"""One truth in the meeting pack, read from meeting-pack.json: every number is defined in
the glossary, no number has two values, the scorecard is kpi_monthly, attainment, status
and coverage equal an independent computation from the raw files, money follows the
reporting currency, the page shows the JSON's values, and a pack for a past period
equals the pack built from the data as it was at that period's end."""

from __future__ import annotations

import ast
import csv
import json
import math
import re
import shutil
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from shared_funnel.sections.formatting import fmt, fmt_change

from ..conftest import PROJECT_DIR, query, read_csv, run_build, run_pack, write_csv
from .reference_metrics import Reference

DEMO_PACKS = {
    "demo_enemea_wshaped_prior_year": ["--period", "2026-06", "--segment", "ENT", "--region",
                                       "EMEA", "--model", "w_shaped", "--comparison",
                                       "prior_year"],
    "demo_smb_time_decay": ["--period", "2025-12", "--segment", "SMB", "--model", "time_decay"],
    "demo_na_u_shaped_prior_year": ["--period", "2026-03", "--region", "NA", "--model",
                                    "u_shaped", "--comparison", "prior_year"],
}


def render(reports: Path, warehouse: Path, *args: str) -> dict:
    """Render one pack into its own folder; return its JSON, HTML and folder."""
    result = run_pack(reports, warehouse, *args)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    folder = max((p for p in reports.iterdir() if p.is_dir() and not p.name.startswith(".")),
                 key=lambda p: p.stat().st_mtime)
    data = json.loads((folder / "meeting-pack.json").read_text(encoding="utf-8"))
    return {"json": data, "html": (folder / "meeting-pack.html").read_text(encoding="utf-8"),
            "folder": folder}


def periods(warehouse: Path) -> list[str]:
    return [r[0][:7] for r in query(warehouse, "select parameter_value from rpt_pack_parameters "
                                               "where parameter = 'period' order by sort_order")]


@pytest.fixture(scope="module")
def demo_packs(demo_pack, demo_warehouse, tmp_path_factory):
    reports = tmp_path_factory.mktemp("one_truth_demo")
    packs = {"demo_default": {"json": json.loads((demo_pack[1] / "meeting-pack.json").read_text()),
                              "html": demo_pack[2], "folder": demo_pack[1]}}
    for name, args in DEMO_PACKS.items():
        packs[name] = render(reports / name, demo_warehouse, *args)
    return packs


@pytest.fixture(scope="module")
def clean_packs(clean_warehouse, tmp_path_factory):
    reports = tmp_path_factory.mktemp("one_truth_clean")
    valid = periods(clean_warehouse)
    segment = query(clean_warehouse, "select parameter_value from rpt_pack_parameters "
                                     "where parameter = 'segment' and parameter_value <> 'all' "
                                     "order by sort_order limit 1")[0][0]
    return {
        "clean_default": render(reports / "a", clean_warehouse),
        "clean_segment": render(reports / "b", clean_warehouse, "--period", valid[-4],
                                "--segment", segment, "--model", "first_touch",
                                "--comparison", "prior_year"),
    }


def key(entry: dict) -> tuple:
    return (entry["metric"], entry["segment"], entry["region"], entry["window_start"],
            entry["window_end"], entry.get("dimension"), entry.get("member"))


def same(a, b) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    return a == b


def contradictions(packs: dict) -> list:
    values: dict[tuple, list] = defaultdict(list)
    for name, pack in packs.items():
        for entry in pack["json"]["numbers"]:
            values[key(entry)].append((entry["value"], name, entry["section"]))
    return [(k, v) for k, v in values.items()
            if any(not same(v[0][0], other[0]) for other in v[1:])]


# ---- the JSON's shape and the glossary ---------------------------------------------------
def test_json_lists_every_number_with_its_definition(demo_packs, demo_warehouse):
    glossary = dict(query(demo_warehouse, "select metric, unit from rpt_glossary"))
    for name, pack in demo_packs.items():
        data = pack["json"]
        assert set(data) >= {"parameters", "as_of", "numbers"}, name
        assert len(data["numbers"]) > 300, name
        for entry in data["numbers"]:
            assert entry["metric"] in glossary, (name, entry)
            assert entry["unit"] == glossary[entry["metric"]], entry
            assert entry["basis"] in ("period", "trailing", "point_in_time", "to_date"), entry
            assert ("dimension" in entry) == ("member" in entry), entry
            date.fromisoformat(entry["window_start"])
            assert entry["window_start"] <= entry["window_end"], entry
        sections = {e["section"] for e in data["numbers"]}
        assert sections >= {"summary", "moved", "actions", "scorecard", "funnel", "pipeline",
                            "revenue", "marketing", "handoff", "feedback", "misalignment",
                            "data_quality"}, name


def glossary_names(page: str) -> set[str]:
    part = page[page.index("<h2>B. Glossary"):]
    part = part[:part.index("Settings these numbers")]
    return set(re.findall(r'<div class="sf-term-name">[^<]*<code>([a-z0-9_]+)</code>', part))


def test_the_glossary_lists_exactly_the_metrics_shown(demo_packs, clean_packs):
    for name, pack in {**demo_packs, **clean_packs}.items():
        shown = {e["metric"] for e in pack["json"]["numbers"]}
        assert glossary_names(pack["html"]) == shown, name


def test_the_page_shows_the_json_values(demo_packs):
    """Every number on the page carries its entry's index; its text is that entry's value,
    formatted. Numbers only charts draw are in the JSON too, without a cell."""
    for name, pack in demo_packs.items():
        numbers = pack["json"]["numbers"]
        currency = pack["json"]["reporting_currency"]
        cells = re.findall(r'data-n="(\d+)"[^>]*>([^<]*)<', pack["html"])
        assert len(cells) > len(numbers) / 2, name
        for n, text in cells:
            entry = numbers[int(n)]
            expected = {fmt(entry["value"], entry["unit"], currency),
                        fmt_change(entry["value"], entry["unit"], currency)}
            shown = text.replace("&amp;", "&").split(" (small sample")[0]
            assert shown in expected, (name, entry, text)


COMPANY_WIDE = {"handoff", "misalignment", "data_quality"}
WAREHOUSE_WIDE = {"rejected_rows", "superseded_rows", "flagged_rows"}


def test_every_section_follows_the_filters_or_says_it_is_company_wide(demo_packs):
    pack = demo_packs["demo_enemea_wshaped_prior_year"]
    page = pack["html"]
    for section in ("Lead handoff", "Cost of misalignment"):
        assert re.search(rf"<h2>\d+\. {section} <span class=\"sf-scope\">\(company-wide", page)
    for e in pack["json"]["numbers"]:
        if e["section"] in COMPANY_WIDE or e["metric"] in WAREHOUSE_WIDE:
            assert (e["segment"], e["region"]) == ("all", "all"), e
        elif e.get("dimension") == "commitment":
            continue  # a commitment is checked for the segment and region it names
        elif e["section"] == "moved" and e["region"] == "all" and e["metric"] in (
                "revenue_target", "pipeline_target", "mql_target", "won_revenue",
                "pipeline_created", "mqls", "won_revenue_gap_to_target",
                "pipeline_created_gap_to_target", "mqls_gap_to_target"):
            assert e["segment"] == "ENT", e  # the bridge to target: targets have no region
        elif e["metric"].startswith("campaign_") or e["metric"] in (
                "marketing_spend", "cost_per_mql") or (e["metric"] == "mqls"
                                                       and e["section"] == "marketing"):
            assert (e["segment"], e["region"]) == ("all", "all"), e  # campaigns: company-wide
        elif e["metric"] in ("market_won_revenue", "market_revenue", "market_share",
                             "share_change_pp"):
            assert (e["segment"], e["region"]) == ("ENT", "all"), e  # market size: no region
        else:
            assert (e["segment"], e["region"]) == ("ENT", "EMEA"), e
    assert "company-wide" in page[page.index("Top campaigns"):][:200]


def test_rates_show_their_sample_and_small_samples_are_marked(demo_packs):
    pack = demo_packs["demo_enemea_wshaped_prior_year"]
    rates = [e for e in pack["json"]["numbers"] if e["unit"] == "ratio" and "sample_size" in e]
    assert rates
    small = [e for e in rates if e.get("small_sample")]
    assert small and all(e["sample_size"] < 20 for e in small)
    assert all(e["sample_size"] >= 20 for e in rates if not e.get("small_sample")
               and e["value"] is not None)
    assert "small sample, n = " in pack["html"]


# ---- one value per name ------------------------------------------------------------------
def test_no_number_has_two_values_across_the_demo_packs(demo_packs):
    assert contradictions(demo_packs)[:5] == []


def test_no_number_has_two_values_across_the_clean_packs(clean_packs):
    assert contradictions(clean_packs)[:5] == []


def test_the_check_can_fail(demo_packs):
    """The contradiction check finds a number changed in one pack."""
    pack = demo_packs["demo_default"]
    tampered = json.loads(json.dumps(pack["json"]))
    entry = next(e for e in tampered["numbers"] if e["metric"] == "won_revenue")
    twin = dict(entry, value=entry["value"] + 1, section="revenue")
    tampered["numbers"].append(twin)
    assert contradictions({"a": pack, "b": {"json": tampered}})


def test_scorecard_and_every_kpi_number_equal_kpi_monthly(demo_packs, demo_warehouse):
    kpis = {(str(m), s, r, k): v for m, s, r, k, v in query(
        demo_warehouse, "select month, segment, region, metric, value from kpi_monthly")}
    checked = 0
    for pack in demo_packs.values():
        for e in pack["json"]["numbers"]:
            if "dimension" in e or e["window_start"][8:] != "01":
                continue
            month_end = (date.fromisoformat(e["window_start"]) + timedelta(days=32)).replace(
                day=1) - timedelta(days=1)
            if e["window_end"] != month_end.isoformat():
                continue  # not a calendar-month window
            k = (e["window_start"], e["segment"], e["region"], e["metric"])
            if k in kpis:
                assert same(e["value"], kpis[k]) or (e["value"] is None and kpis[k] is None), e
                checked += 1
    assert checked > 200


# ---- attainment, status and coverage against an independent computation ------------------
@pytest.fixture(scope="module")
def reference(clean_raw):
    return Reference(clean_raw)


def entries(pack: dict, metric: str, **match) -> list[dict]:
    return [e for e in pack["json"]["numbers"] if e["metric"] == metric
            and all(e.get(k) == v for k, v in match.items())]


def test_attainment_status_and_coverage_match_the_raw_files(clean_packs, reference):
    kpis = reference.kpis()
    checked = 0
    for pack in clean_packs.values():
        params = pack["json"]["parameters"]
        period = date.fromisoformat(params["period"] + "-01")
        seg, reg = params["segment"], params["region"]
        for metric, attainment_metric in (("won_revenue", "revenue_attainment"),
                                          ("pipeline_created", "pipeline_attainment"),
                                          ("mqls", "mql_attainment")):
            name = {"won_revenue": "revenue", "pipeline_created": "pipeline",
                    "mqls": "mql"}[metric]
            expected = kpis.get((period, seg, reg, f"{name}_attainment"))
            shown = entries(pack, attainment_metric, section="scorecard")
            assert shown, (attainment_metric, params)
            assert same(shown[0]["value"], expected) or shown[0]["value"] is expected
            status = entries(pack, "kpi_status", member=metric)[0]["value"]
            assert status == ("no_target" if expected is None else
                              "on_track" if expected >= 0.95 else "off_track"), (metric, status)
            checked += 1
        quarter_start = date(period.year, (period.month - 1) // 3 * 3 + 1, 1)
        quarter = [date(quarter_start.year, quarter_start.month + i, 1) for i in range(3)]
        target = sum(reference.target("won_revenue", pd.Timestamp(m), seg) or 0 for m in quarter)
        won = sum(kpis.get((m, seg, reg, "won_revenue")) or 0 for m in quarter if m <= period)
        open_pipeline = reference.open_pipeline(period, seg, reg)
        total = [e for e in entries(pack, "open_pipeline", section="pipeline")
                 if "dimension" not in e]
        assert total[0]["window_end"] == pack_period_end(period)
        assert math.isclose(total[0]["value"], open_pipeline, rel_tol=1e-9), (total, params)
        coverage = entries(pack, "pipeline_coverage")[0]["value"]
        expected_coverage = open_pipeline / (target - won) if target - won > 0 else None
        assert (coverage is None and expected_coverage is None) or math.isclose(
            coverage, expected_coverage, rel_tol=1e-9), (coverage, expected_coverage)
        checked += 1
    assert checked == 8


def pack_period_end(period: date) -> str:
    return ((period + timedelta(days=32)).replace(day=1) - timedelta(days=1)).isoformat()


# ---- money in the reporting currency -----------------------------------------------------
@pytest.fixture(scope="module")
def eur_pack(clean_raw, clean_packs, tmp_path_factory):
    warehouse = tmp_path_factory.mktemp("wh_eur") / "shared_funnel.duckdb"
    built = run_build(clean_raw, warehouse, vars_yaml="reporting_currency: EUR")
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-2000:]
    period = clean_packs["clean_default"]["json"]["parameters"]["period"]
    return render(tmp_path_factory.mktemp("reports_eur"), warehouse, "--period", period)


def test_a_eur_build_shows_every_amount_in_eur(eur_pack, clean_packs, clean_raw):
    usd = {key(e): e for e in clean_packs["clean_default"]["json"]["numbers"]}
    eur = eur_pack["json"]
    assert eur["reporting_currency"] == "EUR"
    rates = {(r["month"][:7], r["currency_code"]): float(r["usd_per_unit"])
             for r in read_csv(clean_raw / "fx_rates.csv")}
    period = eur["parameters"]["period"]
    compared = 0
    for e in eur["numbers"]:
        twin = usd.get(key(e))
        if twin is None or twin["value"] is None:
            continue
        if e["unit"] == "ratio" and e["metric"].endswith("attainment"):
            assert same(e["value"], twin["value"]), e  # attainment is the same in any currency
            compared += 1
        if e["metric"] in ("won_revenue", "pipeline_created", "revenue_target", "open_pipeline") \
                and e["window_start"][:7] == period:
            assert math.isclose(e["value"], twin["value"] / rates[(period, "EUR")],
                                rel_tol=1e-9), e
            compared += 1
    assert compared >= 6
    page = eur_pack["html"]
    assert "$" not in re.sub(r"<(script|style).*?</\1>", "", page, flags=re.S)
    assert re.search(r"EUR \d", page) and not re.search(r"USD \d", page)


# ---- no look-ahead -----------------------------------------------------------------------
def truncate(raw: Path, out: Path, cut: str) -> None:
    """The raw folder as it was at `cut` (the first instant after the period): records
    created later removed, lead versions written later removed where an earlier one exists,
    later event timestamps emptied, deals closed later open again at their last stage
    before, later responses, activities, feedback, stage and field changes dropped (a field
    changed later shows the value it had then)."""
    shutil.copytree(raw, out)
    later = lambda value: bool(value) and value[:19].replace("T", " ") >= cut  # noqa: E731
    history = read_csv(raw / "opportunity_stage_history.csv")
    last_stage = {}
    for row in sorted(history, key=lambda r: r["changed_at"]):
        if row["changed_at"] and not later(row["changed_at"]):
            last_stage[row["opportunity_id"]] = row["stage_name"]
    leads = []
    rows = read_csv(raw / "leads.csv")
    # a version written after the cut did not exist yet, where an earlier one did
    known = {r["lead_id"] for r in rows if not later(r["updated_at"])}
    for row in rows:
        if later(row["created_at"]) or (later(row["updated_at"]) and row["lead_id"] in known):
            continue
        for column in ("mql_at", "sal_at", "sql_at", "disqualified_at", "converted_at"):
            if later(row[column]):
                row[column] = ""
                if column == "converted_at":
                    row["converted_opportunity_id"] = ""
                if column == "disqualified_at":
                    row["disqualification_reason"] = ""
        leads.append(row)
    write_csv(out / "leads.csv", leads)
    # a field changed later still held, at the cut, the old value of its first later change
    fields = sorted(read_csv(raw / "opportunity_field_history.csv"), key=lambda r: r["changed_at"])
    then_value: dict[tuple, str] = {}
    for row in fields:
        if later(row["changed_at"]):
            then_value.setdefault((row["opportunity_id"], row["field"]), row["old_value"])
    write_csv(out / "opportunity_field_history.csv",
              [r for r in fields if not later(r["changed_at"])])
    opportunities = []
    for row in read_csv(raw / "opportunities.csv"):
        if later(row["created_at"]):
            continue
        for field in ("close_date", "probability", "forecast_category", "amount"):
            row[field] = then_value.get((row["opportunity_id"], field), row[field])
        if row["is_closed"].lower() == "true" and later(row["close_date"]):
            row.update(is_closed="false", is_won="false", loss_reason="", competitor="",
                       stage_name=last_stage.get(row["opportunity_id"], row["stage_name"]))
        opportunities.append(row)
    write_csv(out / "opportunities.csv", opportunities)
    for table, column in (("opportunity_stage_history", "changed_at"),
                          ("campaign_members", "created_at"),
                          ("campaign_members", "responded_at"),
                          ("lead_activities", "occurred_at"),
                          ("lead_feedback", "submitted_at"),
                          ("campaigns", "start_date")):
        rows = [r for r in read_csv(out / f"{table}.csv") if not later(r[column])]
        write_csv(out / f"{table}.csv", rows)


def test_truncation_removes_what_came_later(clean_raw, tmp_path):
    truncate(clean_raw, tmp_path / "raw", "2025-06-01 00:00:00")
    with (tmp_path / "raw" / "lead_activities.csv").open() as f:
        assert max(r["occurred_at"] for r in csv.DictReader(f)) < "2025-06-01"
    opportunities = read_csv(tmp_path / "raw" / "opportunities.csv")
    assert all(r["created_at"] < "2025-06-01" for r in opportunities)
    assert all(r["close_date"] < "2025-06-01" for r in opportunities
               if r["is_closed"] == "true")


@pytest.fixture(scope="module")
def as_it_was(clean_raw, clean_warehouse, tmp_path_factory):
    """(the pack for a past period from the full data, the same pack from the data as it
    was at that period's end)."""
    period = periods(clean_warehouse)[-7]
    first = date.fromisoformat(period + "-01")
    cut = (first + timedelta(days=32)).replace(day=1)
    folder = tmp_path_factory.mktemp("as_it_was")
    truncate(clean_raw, folder / "raw", f"{cut} 00:00:00")
    warehouse = folder / "wh" / "shared_funnel.duckdb"
    as_of = f"{cut - timedelta(days=1)} 23:59:59"
    built = run_build(folder / "raw", warehouse, vars_yaml=f"as_of: '{as_of}'")
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-2000:]
    full = render(folder / "full", clean_warehouse, "--period", period)
    then = render(folder / "then", warehouse, "--period", period)
    return full, then


def test_a_past_pack_shows_what_was_known_at_its_end(as_it_was):
    full, then = as_it_was
    def comparable(pack):
        return {(e["section"], *key(e)): e["value"] for e in pack["json"]["numbers"]
                if e["basis"] != "to_date" and e.get("dimension") != "finding"}
    now, past = comparable(full), comparable(then)
    assert len(now) > 250
    differ = [(k, now[k], past.get(k, "missing")) for k in now
              if k not in past or not same(now[k], past[k])]
    assert [f"{k[0]} {k[1]} {k[6]}={k[7]} {k[4]}..{k[5]}: {a} then {b}"
            for k, a, b in differ[:12]] == []
    assert sorted(set(past) - set(now))[:8] == []


# ---- the sections only render ------------------------------------------------------------
SECTIONS_DIR = PROJECT_DIR / "shared_funnel" / "sections"
AGGREGATING = {"sum", "mean", "median", "groupby", "merge", "pivot", "pivot_table", "agg",
               "aggregate", "div", "cumsum", "diff", "pct_change", "value_counts", "nunique",
               "resample", "rolling", "count", "max", "min", "std", "prod", "round"}
ARITHMETIC = (ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow)


def business_logic(source: str) -> list[str]:
    found = []
    tree = ast.parse(source)
    docstrings = {id(node.value) for node in ast.walk(tree)
                  if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)}
    for node in ast.walk(tree):
        if id(node) in docstrings:
            continue
        if isinstance(node, (ast.BinOp, ast.AugAssign)) and isinstance(node.op, ARITHMETIC):
            found.append(f"line {node.lineno}: arithmetic")
        if isinstance(node, (ast.BinOp, ast.AugAssign)) and isinstance(node.op, ast.Add):
            sides = [node.left, node.right] if isinstance(node, ast.BinOp) else [node.value]
            if any(isinstance(s, ast.Constant) and isinstance(s.value, (int, float))
                   for s in sides):
                found.append(f"line {node.lineno}: arithmetic")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in AGGREGATING:
            found.append(f"line {node.lineno}: .{node.func.attr}()")
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and "select " in node.value.lower():
            sql = node.value.lower()
            for table in re.findall(r"\b(?:from|join)\s+([a-z_][a-z0-9_.]*)", sql):
                if not table.startswith("rpt_") and "{" not in table:
                    found.append(f"line {node.lineno}: reads {table}")
            if re.search(r"\bgroup by\b|\bjoin\b|\bsum\(|\bavg\(|\bcount\(", sql):
                found.append(f"line {node.lineno}: SQL aggregation or join")
    return found


def test_sections_hold_no_business_arithmetic():
    modules = [p for p in SECTIONS_DIR.glob("*.py") if p.name != "formatting.py"]
    assert len(modules) >= 11
    found = {p.name: business_logic(p.read_text()) for p in modules}
    assert {name: hits for name, hits in found.items() if hits} == {}


def test_the_arithmetic_check_can_fail():
    assert business_logic("x = a / b")
    assert business_logic("total = frame.groupby('c').sum()")
    assert business_logic("q = 'select sum(amount) from fct_opportunities group by 1'")
    assert not business_logic("text = 'a' + f'{b}'")
