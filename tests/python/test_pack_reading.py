"""The pack leaders read in five minutes: findings first and right, bridges that add up,
human labels only, commitments checked against actuals, bad notes refused, and a layout
that fits a laptop, a tablet and A4 paper."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import defaultdict
from html.parser import HTMLParser

import pytest

from shared_funnel import notes

from ..conftest import query, run_pack


def numbers(folder) -> list[dict]:
    return json.loads((folder / "meeting-pack.json").read_text())["numbers"]


# ---- the summary's findings ------------------------------------------------------------
def test_findings_are_the_largest_moves_with_driver_and_owner(demo_pack, demo_warehouse):
    """An independent ranking from kpi_monthly: each KPI's move is the larger of
    |attainment - 1| and |actual / comparison - 1|; the top five are the findings, in order."""
    _, folder, page = demo_pack
    period = folder.name + "-01"
    rows = query(demo_warehouse, """
        select metric, month, value from kpi_monthly
        where segment = 'all' and region = 'all' and month in (?::date, ?::date - interval 1 month)
    """, [period, period])
    values = defaultdict(dict)
    for metric, month, value in rows:
        values[metric][str(month)[:10]] = value
    previous = str(query(demo_warehouse, "select (?::date - interval 1 month)::date",
                         [period])[0][0])
    kpis = {"won_revenue": "revenue_attainment", "pipeline_created": "pipeline_attainment",
            "mqls": "mql_attainment", "sqls": None, "mql_to_sql_rate": None,
            "sla_compliance": None, "win_rate": None, "avg_deal_size": None,
            "sales_cycle_days": None, "cost_per_mql": None}
    samples = {"mql_to_sql_rate": "mqls", "sla_compliance": "sla_decided",
               "win_rate": "closed_deals", "avg_deal_size": "won_deals",
               "sales_cycle_days": "won_deals", "cost_per_mql": "mqls"}
    moves = {}
    for kpi, attainment in kpis.items():
        now, then = values[kpi].get(period), values[kpi].get(previous)
        if kpi in samples and (values[samples[kpi]].get(period) or 0) < 20:
            continue
        sizes = []
        if attainment and values[attainment].get(period) is not None:
            sizes.append(abs(values[attainment][period] - 1))
        if now is not None and then:
            sizes.append(abs(now - then) / abs(then))
        if sizes:
            moves[kpi] = max(sizes)
    expected = sorted(moves, key=lambda k: -moves[k])[:5]
    shown = [e for e in numbers(folder) if e.get("dimension") == "finding"
             and e["section"] == "summary"]
    order = list(dict.fromkeys(e["member"] for e in shown))
    assert order == expected
    # each finding shows the KPI's actual (kpi_monthly), its driver's effect and its owner
    for kpi in expected:
        actual = next(e for e in shown if e["member"] == kpi and e["metric"] == kpi
                      and e["window_start"] == period)
        assert actual["value"] == pytest.approx(values[kpi][period], rel=1e-12)
        assert any(e["member"] == kpi and ("_change_" in e["metric"] or "_gap_" in e["metric"])
                   for e in shown), kpi
    first_screen = page[:page.index('id="section-moved"')]
    items = re.findall(r"<li>(.*?)</li>", first_screen[first_screen.index("sf-findings"):],
                       flags=re.S)[:5]
    assert len(items) == 5 and all("Driver:" in i and "Owner:" in i for i in items)
    labels = dict(query(demo_warehouse, "select metric, label from rpt_glossary"))
    for kpi, item in zip(expected, items, strict=True):
        assert f"<b>{labels[kpi]}</b>" in item


# ---- the bridges -----------------------------------------------------------------------
def test_every_bridge_adds_up_and_starts_and_ends_at_kpi_monthly(demo_pack, demo_warehouse):
    _, folder, _ = demo_pack
    period = folder.name + "-01"
    steps = defaultdict(list)
    for e in numbers(folder):
        if e.get("dimension") == "bridge_step":
            comparison, bridge, step, _ = e["member"].split(":")
            steps[(comparison, bridge)].append((step, e["value"]))
    assert set(steps) == {("prior_period", "won_revenue"), ("prior_period", "pipeline_created"),
                          ("prior_period", "mql_to_won"), ("target", "won_revenue"),
                          ("target", "pipeline_created"), ("target", "mqls")}
    kpis = dict(query(demo_warehouse, "select metric, value from kpi_monthly where month = ? "
                                      "and segment = 'all' and region = 'all'", [period]))
    ends = {"won_revenue": "won_revenue", "pipeline_created": "pipeline_created",
            "mql_to_won": "won_deals", "mqls": "mqls"}
    starts = {"won_revenue": "revenue_target", "pipeline_created": "pipeline_target",
              "mqls": "mql_target"}
    for (comparison, bridge), rows in steps.items():
        start = [v for s, v in rows if s == "start"]
        end = [v for s, v in rows if s == "end"]
        parts = [v for s, v in rows if s not in ("start", "end")]
        assert len(start) == 1 and len(end) == 1 and len(parts) >= 2, (comparison, bridge)
        assert start[0] + sum(parts) == pytest.approx(end[0], rel=1e-9, abs=1e-6), bridge
        assert end[0] == pytest.approx(kpis[ends[bridge]], rel=1e-12), bridge
        if comparison == "target":
            assert start[0] == pytest.approx(kpis[starts[bridge]], rel=1e-12), bridge


def test_the_won_revenue_bridge_matches_an_independent_split(demo_warehouse):
    """Count effect = (N1 - N0) × A0 and FX effect = R1 - the same deals at the comparison
    month's rates, recomputed here from fct_opportunities and the FX table."""
    period = "2026-10-01"
    deals = query(demo_warehouse, """
        select o.amount, o.close_usd_per_unit, f.usd_per_unit
        from fct_opportunities o
        left join intermediate.int_fx_rates_monthly f
          on f.month = date '2026-09-01' and f.currency_code = o.currency_code
        where o.is_won and o.close_month = date '2026-10-01' and o.segment = 'MM'
    """)
    n1 = len(deals)
    r1 = sum(a * now for a, now, _ in deals)
    r1_then = sum(a * (then if then is not None else now) for a, now, then in deals)
    n0, r0 = query(demo_warehouse, """
        select count(*), sum(won_amount_usd) from fct_opportunities
        where is_won and close_month = date '2026-09-01' and segment = 'MM'""")[0]
    parts = dict(query(demo_warehouse, """
        select step, value from rpt_variance_bridge where period = ? and segment = 'MM'
        and region = 'all' and comparison = 'prior_period' and bridge = 'won_revenue'""",
                       [period]))
    assert parts["deal_count"] == pytest.approx((n1 - n0) * r0 / n0, rel=1e-9)
    assert parts["fx"] == pytest.approx(r1 - r1_then, rel=1e-6, abs=1e-6)
    assert parts["start"] + parts["deal_count"] + parts["deal_size"] + parts["fx"] == \
        pytest.approx(parts["end"], rel=1e-12)


# ---- human labels only -----------------------------------------------------------------
class Visible(HTMLParser):
    """The text a reader sees, by kind: headers, cells, headings, list items, SVG text
    (axis titles, labels, legends); <code> (names to type) and <style> left out."""

    KINDS = {"th": "header", "td": "cell", "h1": "heading", "h2": "heading", "h3": "heading",
             "li": "item", "text": "chart", "p": "sentence", "div": "tile"}

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data):
        if any(t in ("code", "style", "script", "title") for t in self.stack) or not data.strip():
            return
        kind = next((self.KINDS[t] for t in reversed(self.stack) if t in self.KINDS), "other")
        self.found.append((kind, data.strip()))


SNAKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")


def raw_names(page: str) -> list[tuple[str, str]]:
    """Snake_case words a reader sees; the glossary's definitions are left out (they
    name the columns they are computed from, as the warehouse does)."""
    body = page[page.index("<body"):]
    body = re.sub(r'<div class="sf-term-text">.*?</div>', "", body, flags=re.S)
    parser = Visible()
    parser.feed(body)
    return [(kind, text) for kind, text in parser.found if SNAKE.search(text)]


def test_no_raw_name_or_code_in_visible_text(demo_pack):
    _, _, page = demo_pack
    assert raw_names(page)[:20] == []
    for code in ("paid_search", "no_decision", "no_budget", "organic_search", "u_shaped"):
        assert code not in re.sub(r"<code>.*?</code>|<style.*?</style>", "", page, flags=re.S)


def test_the_label_check_can_fail():
    page = ("<body><table><tr><th>mql_to_sql_rate</th></tr></table>"
            "<svg><text>paid_search</text></svg><code>fine_name</code></body>")
    assert [k for k, _ in raw_names(page)] == ["header", "chart"]


def test_one_month_format_and_currency_with_its_code(demo_pack):
    """The pack's own words (headings, headers, sentences, tiles, charts; not the CRM's
    free text in table cells, such as campaign names) write a month one way."""
    _, _, page = demo_pack
    parser = Visible()
    parser.feed(page[page.index("<body"):])
    own = " ".join(t for kind, t in parser.found if kind != "cell")
    assert not re.search(r"\b20\d\d-\d\d", own)  # no 2025-11 months or 2025-11-15 days
    assert re.search(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) 20\d\d\b", own)
    text = re.sub(r"<code>.*?</code>|<style.*?</style>|<[^>]+>", " ", page, flags=re.S)
    assert not re.search(r"\$\s?\d", text)  # money is "USD 6,674", never "$6,674"
    assert re.search(r"USD \d", text)


# ---- the meeting's memory --------------------------------------------------------------
def test_commitments_are_matched_to_actuals(demo_pack, demo_warehouse):
    """The demo notes promise 300 MQLs and a 45% win rate for Oct 2026 (made in Sep) and an
    SLA of 70% for Dec 2026: met / missed from kpi_monthly, open while not due."""
    _, folder, page = demo_pack
    assert folder.name == "2026-10"
    shown = {e["commitment"]["owner"]: e for e in numbers(folder) if "commitment" in e}
    actual = dict(query(demo_warehouse, "select metric, value from kpi_monthly where month = "
                                        "'2026-10-01' and segment = 'all' and region = 'all'"))
    mqls = shown["Ana Ito (marketing)"]
    assert mqls["value"] == actual["mqls"]
    assert mqls["commitment"]["status"] == ("met" if actual["mqls"] >= 300 else "missed")
    win = shown["Sales leadership"]
    assert win["value"] == pytest.approx(actual["win_rate"])
    assert win["commitment"]["status"] == ("met" if actual["win_rate"] >= 0.45 else "missed")
    assert shown["SDR leads"]["commitment"]["status"] == "open"
    mm = shown["Head of sales, MM"]
    assert (mm["segment"], mm["commitment"]["status"]) == ("MM", "open")
    assert "From the meeting:" in page[:page.index('id="section-moved"')]


def test_a_bad_notes_file_writes_nothing_and_names_the_line(tmp_path, demo_warehouse):
    folder = tmp_path / "notes"
    folder.mkdir()
    cases = {
        "commentary:\n  summary: fine\n   pipeline: bad indent\n": "line 3",
        "commitments:\n  - owner: Ana\n    metric: mqls\n    target: lots\n    due: 2026-11\n":
            "line 4: target 'lots' is not a number",
        "commitments:\n  - owner: Ana\n    metric: leads\n    target: 3\n    due: 2026-11\n":
            "line 3: metric 'leads' is not a scorecard KPI",
        "commentary:\n  pipelin: typo\n": "line 2: unknown section 'pipelin'",
        "commitments:\n  - owner: Ana\n    metric: mqls\n    target: 3\n    due: Nov\n":
            "line 5: due 'Nov' is not a month",
    }
    for text, message in cases.items():
        (folder / "2026-10.yml").write_text(text)
        reports = tmp_path / "reports"
        result = run_pack(reports, demo_warehouse, "--notes", str(folder))
        assert result.returncode == 2, result.stderr
        assert "2026-10.yml " + message in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
        assert not reports.exists() or not any(reports.iterdir())


def test_notes_rules_unit(tmp_path):
    path = tmp_path / "2026-09.yml"
    path.write_text("commitments:\n  - owner: A\n    metric: mqls\n    target: '1,200'\n"
                    "    due: 2026-12\n    region: EMEA\n")
    found = notes.read_file(path, notes.month_of_file(path), {"summary"}, {"mqls"})
    assert found.commitments[0].target == 1200 and found.commitments[0].region == "EMEA"
    path.write_text("commitments:\n  - owner: A\n    metric: mqls\n    target: 1\n"
                    "    due: 2026-08\n")
    with pytest.raises(notes.NotesError, match="line 5: due 2026-08 is before"):
        notes.read_file(path, notes.month_of_file(path), set(), {"mqls"})
    assert notes.load(tmp_path / "missing", notes.month_of_file(path), set(), set()).commitments \
        == []


# ---- layout: screens and paper ---------------------------------------------------------
OVERFLOW_PROBE = """<script>
window.addEventListener('load', () => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')].filter(el => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.right > width + 1;
  }).map(el => el.tagName + '.' + el.className.toString().slice(0, 40) + ' in ' +
            (el.closest('table,div.sf-tile,div') || el).className.toString().slice(0, 40));
  const page = document.documentElement.scrollWidth > width + 1;
  document.body.setAttribute('data-overflow', JSON.stringify({page, wide: wide.slice(0, 8)}));
});
</script>"""


@pytest.mark.parametrize("width", [1400, 768])
def test_nothing_overflows_the_page(demo_pack, width, tmp_path):
    from .test_browser import OFFLINE
    browser = shutil.which("chromium")
    if not browser:
        pytest.skip("Chromium is not installed (CI installs it)")
    _, folder, page = demo_pack
    probe = tmp_path / "probe.html"
    probe.write_text(page.replace("</body>", OVERFLOW_PROBE + "</body>"), encoding="utf-8")
    result = subprocess.run(
        [browser, *OFFLINE, f"--user-data-dir={tmp_path / 'profile'}",
         f"--window-size={width},900", "--virtual-time-budget=5000", "--dump-dom",
         probe.as_uri()], capture_output=True, text=True, timeout=180)
    found = re.search(r"data-overflow=\"([^\"]*)\"", result.stdout)
    assert found, result.stderr[-1500:]
    verdict = json.loads(found.group(1).replace("&quot;", '"'))
    assert verdict == {"page": False, "wide": []}
