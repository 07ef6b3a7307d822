"""The demo data generator: deterministic, complete, and it tells the story."""

from __future__ import annotations

import filecmp
from collections import Counter, defaultdict
from datetime import datetime

import pytest

from shared_funnel import demo_data
from shared_funnel.contract import RAW_TABLES

from ..conftest import PROJECT_DIR


@pytest.fixture(scope="module")
def demo():
    return demo_data.generate(leads=10000, seed=42)


def test_same_seed_same_bytes(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    demo_data.write(a, leads=500, seed=3)
    demo_data.write(b, leads=500, seed=3)
    for table in RAW_TABLES:
        assert filecmp.cmp(a / f"{table}.csv", b / f"{table}.csv", shallow=False), table


def test_other_seed_other_data():
    assert demo_data.generate(300, seed=1)["leads"] != demo_data.generate(300, seed=2)["leads"]


def test_committed_seeds_are_the_generators_output(tmp_path):
    demo_data.write(tmp_path, leads=10000, seed=42)
    demo_data.write_seeds_yml(tmp_path / "_seeds.yml")
    for name in [*(f"{t}.csv" for t in RAW_TABLES), "_seeds.yml"]:
        assert filecmp.cmp(tmp_path / name, PROJECT_DIR / "seeds" / name, shallow=False), (
            f"seeds/{name} differs from the generator: run `make demo-data`")


def test_every_table_has_the_contract_columns(demo):
    for table, columns in RAW_TABLES.items():
        assert demo[table], f"{table} is empty"
        assert list(demo[table][0]) == columns


def test_scale_knob_scales(demo):
    small = demo_data.generate(leads=1000, seed=42)
    assert 950 <= len(small["leads"]) <= 1050
    assert 9950 <= len(demo["leads"]) <= 10100  # and ~0.5% newer versions of returning MQLs
    assert len(demo["opportunities"]) > 5 * len(small["opportunities"])
    assert len(demo["campaign_members"]) > 20000


def ts(text: str) -> datetime:
    return datetime.strptime(text[:19], "%Y-%m-%dT%H:%M:%S")


def test_leads_grow_and_are_seasonal(demo):
    by_month = Counter(r["created_at"][:7] for r in demo["leads"] if r["created_at"][:2] == "20")
    assert by_month["2026-03"] > 1.3 * by_month["2025-03"], "year-on-year growth"
    assert by_month["2025-07"] < by_month["2025-06"] < by_month["2025-05"], "summer dip"
    assert by_month["2025-10"] > by_month["2025-09"], "Q4 peak"


def test_channels_differ_in_quality_and_feedback_says_so(demo):
    channel = {r["lead_id"]: r["lead_source"] for r in demo["leads"]}
    verdicts, ratings = defaultdict(list), defaultdict(list)
    for f in demo["lead_feedback"]:
        verdicts[channel[f["lead_id"]]].append(f["verdict"] == "accept")
        ratings[channel[f["lead_id"]]].append(int(f["rating"]))

    def rate(c):
        return sum(verdicts[c]) / len(verdicts[c])

    assert rate("referral") > rate("paid_search") > rate("paid_social") + 0.1
    assert sum(ratings["webinar"]) / len(ratings["webinar"]) > sum(
        ratings["paid_social"]) / len(ratings["paid_social"]) + 0.7


def test_sla_breaches_convert_worse(demo):
    sales_users = {u["user_id"] for u in demo["users"] if u["department"] in ("sdr", "sales")}
    first_touch = {}
    for a in demo["lead_activities"]:
        if a["user_id"] in sales_users:
            first_touch.setdefault(a["lead_id"], []).append(ts(a["occurred_at"]))
    met, breached = [], []
    for lead in demo["leads"]:
        if not lead["mql_at"] or lead["lead_source"] in ("", None):
            continue
        mql = ts(lead["mql_at"])
        touches = [t for t in first_touch.get(lead["lead_id"], []) if t >= mql]
        if not touches:
            continue
        hours = (min(touches) - mql).total_seconds() / 3600
        (met if hours <= 24 else breached).append(bool(lead["sql_at"]))
    assert len(breached) > 300
    assert sum(met) / len(met) > sum(breached) / len(breached) + 0.05


def test_money_in_three_currencies(demo):
    currencies = Counter(o["currency_code"] for o in demo["opportunities"])
    assert {"USD", "EUR", "GBP"} <= set(currencies)
    assert {r["currency_code"] for r in demo["fx_rates"]} >= {"EUR", "GBP"}


def test_the_dirt_is_there(demo):
    lead_ids = Counter(r["lead_id"] for r in demo["leads"])
    assert sum(1 for n in lead_ids.values() if n > 1) >= 5, "duplicates"
    assert any(r["is_deleted"] == "true" for r in demo["leads"]), "soft deletions"
    assert "" in lead_ids, "a lead without an id"
    assert any(r["created_at"] == "not a date" for r in demo["leads"])
    assert any(r["amount"] == "abc" for r in demo["opportunities"])
    assert any(r["currency_code"] == "JPY" for r in demo["opportunities"])
    assert any(r["created_at"].endswith("+02:00") for r in demo["leads"])


def test_two_years_of_history(demo):
    months = {r["created_at"][:7] for r in demo["leads"] if r["created_at"][:2] == "20"}
    assert len(months) >= 24
