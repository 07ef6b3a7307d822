-- the metric definitions: a ratio whose denominator is zero is null, never zero.
with kpis as (
    select * from {{ ref('kpi_monthly') }}
),

pivoted as (
    select
        month,
        segment,
        region,
        max(case when metric = 'won_deals' then value end) as won_deals,
        max(case when metric = 'lost_deals' then value end) as lost_deals,
        max(case when metric = 'mqls' then value end) as mqls,
        max(case when metric = 'win_rate' then value end) as win_rate,
        max(case when metric = 'avg_deal_size' then value end) as avg_deal_size,
        max(case when metric = 'mql_to_sql_rate' then value end) as mql_to_sql_rate,
        max(case when metric = 'cost_per_mql' then value end) as cost_per_mql
    from kpis
    group by month, segment, region
)

select *
from pivoted
where (won_deals + lost_deals = 0 and win_rate is not null)
    or (won_deals = 0 and avg_deal_size is not null)
    or (mqls = 0 and (mql_to_sql_rate is not null or cost_per_mql is not null))
    or (won_deals + lost_deals > 0 and win_rate is null)
