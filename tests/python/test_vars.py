"""Every contested definition is a var, and changing it works: one build with eight vars
changed passes every dbt test, and each number moves as its definition says."""

from __future__ import annotations

import math

import pytest

from ..conftest import query, read_csv, run_build

CHANGED = ("{sla_hours: 48, lookback_days: 60, half_life_days: 2, "
           "marketing_channels: [paid_search, email], fiscal_year_start_month: 4, "
           "reporting_currency: EUR, summary_findings: 3, action_window_days: 10}")


@pytest.fixture(scope="module")
def changed(clean_raw, tmp_path_factory):
    warehouse = tmp_path_factory.mktemp("wh_vars") / "shared_funnel.duckdb"
    result = run_build(clean_raw, warehouse, vars_yaml=CHANGED)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    return warehouse


def test_the_settings_say_what_the_build_used(changed):
    settings = dict(query(changed, "select setting, value from pack_settings"))
    assert settings["sla_hours"] == "48" and settings["lookback_days"] == "60"
    assert settings["half_life_days"] == "2" and settings["reporting_currency"] == "EUR"
    assert settings["marketing_channels"] == "paid_search, email"
    assert settings["fiscal_year_start_month"] == "4"


def test_a_longer_sla_is_met_more_often(changed, clean_warehouse):
    sql = ("select sum(case when sla_status = 'met' then 1 else 0 end), count(*) "
           "from fct_leads where mql_at is not null")
    met_48, mqls = query(changed, sql)[0]
    met_24, same_mqls = query(clean_warehouse, sql)[0]
    assert mqls == same_mqls and met_48 > met_24
    late = query(changed, "select count(*) from fct_leads where sla_status = 'met' "
                          "and hours_to_first_touch > 24")[0][0]
    assert late == met_48 - met_24 > 0


def test_a_shorter_lookback_keeps_only_recent_touches(changed, clean_warehouse):
    window = query(changed, "select max(datediff('second', responded_at, "
                            "opportunity_created_at)) / 86400.0 from fct_attribution")[0][0]
    assert window <= 60
    touches = "select count(*) from fct_attribution where model = 'linear'"
    assert query(changed, touches)[0][0] < query(clean_warehouse, touches)[0][0]


def test_time_decay_halves_every_half_life(changed):
    rows = query(changed, """
        select opportunity_id, weight,
               datediff('second', responded_at, opportunity_created_at) / 86400.0 as days
        from fct_attribution
        where model = 'time_decay' and touch_count = 2
        order by opportunity_id, touch_position""")
    pairs = [(rows[i], rows[i + 1]) for i in range(0, len(rows) - 1, 2)
             if rows[i][0] == rows[i + 1][0]]
    assert len(pairs) > 5
    for (_, w_early, d_early), (_, w_late, d_late) in pairs[:20]:
        assert math.isclose(w_early / w_late, 0.5 ** ((d_early - d_late) / 2), rel_tol=1e-9)


def test_marketing_channels_decide_sourcing(changed):
    sourced = query(changed, """
        select count(*) from fct_opportunities as o
        where o.is_marketing_sourced <> exists (
            select 1 from staging.stg_crm__leads as l
            where l.converted_opportunity_id = o.opportunity_id
                and l.lead_source in ('paid_search', 'email'))""")[0][0]
    assert sourced == 0
    assert query(changed, "select count(*) from fct_opportunities "
                          "where is_marketing_sourced")[0][0] > 0


def test_the_fiscal_year_starts_in_april(changed):
    rows = dict((str(m), (str(q), y)) for m, q, y in query(
        changed, "select month, fiscal_quarter_start, fiscal_year from dim_months"))
    assert rows["2025-05-01"] == ("2025-04-01", 2026)
    assert rows["2025-03-01"] == ("2025-01-01", 2025)


def test_money_is_in_the_reporting_currency(changed, clean_warehouse, clean_raw):
    rates = {r["month"][:7]: float(r["usd_per_unit"]) for r in read_csv(clean_raw / "fx_rates.csv")
             if r["currency_code"] == "EUR"}
    sql = ("select cast(month as varchar), value from kpi_monthly where metric = 'won_revenue' "
           "and segment = 'all' and region = 'all' and value > 0")
    eur, usd = dict(query(changed, sql)), dict(query(clean_warehouse, sql))
    compared = [m for m in usd if m[:7] in rates]
    assert len(compared) > 6
    for month in compared:
        assert math.isclose(eur[month], usd[month] / rates[month[:7]], rel_tol=1e-9), month


def test_fewer_findings_and_a_shorter_action_window(changed, clean_warehouse):
    counts = [n for (n,) in query(changed, "select count(*) from rpt_summary_findings "
                                           "group by period, segment, region, comparison")]
    assert max(counts) == 3
    windows = {d for (d,) in query(changed, "select datediff('day', window_start, window_end) "
                                            "from rpt_unworked_mqls_by_owner")}
    assert windows == {10}
    total = ("select period, sum(unworked_mqls_recent) from rpt_unworked_mqls_by_owner "
             "where segment = 'all' and region = 'all' group by period")
    short, full = dict(query(changed, total)), dict(query(clean_warehouse, total))
    assert set(short) <= set(full) and all(short[p] <= full[p] for p in short)
    assert sum(short.values()) < sum(full.values())
