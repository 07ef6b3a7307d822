-- kpi_monthly's totals equal the facts they come from, month by month:
-- won revenue, pipeline created and MQLs (every MQL, returns included; segment = region =
-- 'all', reporting currency USD),
-- and the per-segment rows add up to the 'all' row.
{{ config(enabled=var('reporting_currency') == 'USD') }}

with kpis as (
    select * from {{ ref('kpi_monthly') }}
),

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

mql_events as (
    select * from {{ ref('fct_mql_events') }}
),

months as (
    select * from {{ ref('int_months') }}
),

from_facts as (
    select months.month, 'won_revenue' as metric, coalesce(sum(opportunities.won_amount_usd), 0) as value
    from months
    left join opportunities on opportunities.is_won and opportunities.close_month = months.month
    group by months.month
    union all
    select
        months.month,
        'pipeline_created' as metric,
        coalesce(sum(opportunities.pipeline_amount_usd), 0) as value
    from months
    left join opportunities on opportunities.created_month = months.month
    group by months.month
    union all
    select
        months.month,
        'mqls' as metric,
        count(mql_events.lead_id) as value
    from months
    left join mql_events on mql_events.mql_month = months.month
    group by months.month
),

totals as (
    select month, metric, value from kpis
    where segment = 'all' and region = 'all' and metric in ('won_revenue', 'pipeline_created', 'mqls')
),

segment_sums as (
    select month, metric, sum(value) as value from kpis
    where segment <> 'all' and region = 'all' and metric in ('won_revenue', 'pipeline_created', 'mqls')
    group by month, metric
)

select from_facts.month, from_facts.metric, from_facts.value as fact_value, totals.value as kpi_value
from from_facts
left join totals on from_facts.month = totals.month and from_facts.metric = totals.metric
where totals.value is null or abs(from_facts.value - totals.value) > 0.01
union all
select
    totals.month,
    totals.metric,
    segment_sums.value as fact_value,
    totals.value as kpi_value
from totals
left join segment_sums on totals.month = segment_sums.month and totals.metric = segment_sums.metric
where abs(coalesce(segment_sums.value, 0) - totals.value) > 0.01
