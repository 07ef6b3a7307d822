{#- The shared KPIs (the metric definitions): one row per month × segment × region × metric, with
    segment = 'all' / region = 'all' for totals. The metric list, with label, unit and
    definition, is the `metrics` meta of this model in _kpi__models.yml; metric_definitions
    is generated from the same list, so the glossary cannot drift from this SQL.

    Scope: marketing_spend and cost_per_mql exist only for segment = region = 'all'
    (campaigns have no segment); the targets and attainments (revenue, pipeline, MQLs)
    only for region = 'all' (targets are set per segment). Money is in
    var('reporting_currency'). -#}
-- noqa: disable=LT02

{%- set expressions = {
    'leads_created': 'leads_created',
    'mqls': 'mqls',
    'sals': 'sals',
    'sqls': 'sqls',
    'mqls_with_sql': 'mqls_with_sql',
    'mql_to_sql_rate': safe_divide('mqls_with_sql', 'mqls'),
    'sla_met': 'sla_met',
    'sla_decided': 'sla_decided',
    'sla_compliance': safe_divide('sla_met', 'sla_decided'),
    'opportunities_created': 'opportunities_created',
    'pipeline_created': 'pipeline_created_usd / reporting_usd_per_unit',
    'marketing_sourced_pipeline': 'marketing_sourced_pipeline_usd / reporting_usd_per_unit',
    'won_deals': 'won_deals',
    'won_revenue': 'won_revenue_usd / reporting_usd_per_unit',
    'lost_deals': 'lost_deals',
    'closed_deals': 'won_deals + lost_deals',
    'win_rate': safe_divide('won_deals', 'won_deals + lost_deals'),
    'avg_deal_size': safe_divide('won_revenue_usd / reporting_usd_per_unit', 'won_deals'),
    'sales_cycle_days': safe_divide('won_cycle_days', 'won_deals'),
    'revenue_target': 'revenue_target_usd / reporting_usd_per_unit',
    'revenue_attainment': safe_divide('won_revenue_usd', 'revenue_target_usd'),
    'pipeline_target': 'pipeline_target_usd / reporting_usd_per_unit',
    'pipeline_attainment': safe_divide('pipeline_created_usd', 'pipeline_target_usd'),
    'mql_target': 'mql_target',
    'mql_attainment': safe_divide('mqls', 'mql_target'),
    'marketing_spend': 'marketing_spend_usd / reporting_usd_per_unit',
    'cost_per_mql': safe_divide('marketing_spend_usd / reporting_usd_per_unit', 'mqls'),
} %}
{%- set scope = {
    'revenue_target': "region = 'all'",
    'revenue_attainment': "region = 'all'",
    'pipeline_target': "region = 'all'",
    'pipeline_attainment': "region = 'all'",
    'mql_target': "region = 'all'",
    'mql_attainment': "region = 'all'",
    'marketing_spend': "segment = 'all' and region = 'all'",
    'cost_per_mql': "segment = 'all' and region = 'all'",
} %}
{#- measure, source, month column, amount, condition -#}
{%- set event_measures = [
    ('leads_created', 'leads', 'created_month', '1', 'true'),
    ('mqls', 'mql_events', 'mql_month', '1', 'true'),
    ('sals', 'leads', month_of('sal_at'), '1', 'sal_at is not null'),
    ('sqls', 'leads', month_of('sql_at'), '1', 'sql_at is not null'),
    ('mqls_with_sql', 'leads', 'mql_month', '1', 'mql_at is not null and sql_at is not null'),
    ('sla_decided', 'mql_events', 'mql_month', '1', "sla_status in ('met', 'breached')"),
    ('sla_met', 'mql_events', 'mql_month', '1', "sla_status = 'met'"),
    ('opportunities_created', 'opportunities', 'created_month', '1', 'true'),
    ('pipeline_created_usd', 'opportunities', 'created_month', 'pipeline_amount_usd', 'true'),
    ('marketing_sourced_pipeline_usd', 'opportunities', 'created_month', 'pipeline_amount_usd',
     'is_marketing_sourced'),
    ('won_deals', 'opportunities', 'close_month', '1', 'is_won'),
    ('won_revenue_usd', 'opportunities', 'close_month', 'won_amount_usd', 'is_won'),
    ('won_cycle_days', 'opportunities', 'close_month', 'days_to_close', 'is_won'),
    ('lost_deals', 'opportunities', 'close_month', '1', 'is_lost'),
] %}
{%- set metrics = kpi_metric_names('kpi_monthly') %}
{%- if execute %}
    {%- for metric in metrics if metric not in expressions %}
        {{ exceptions.raise_compiler_error("kpi_monthly: metric '" ~ metric ~ "' is documented but has no SQL") }}
    {%- endfor %}
    {%- for metric in expressions if metric not in metrics %}
        {{ exceptions.raise_compiler_error("kpi_monthly: metric '" ~ metric ~ "' has SQL but no definition in _kpi__models.yml") }}
    {%- endfor %}
{%- endif %}

with months as (
    select * from {{ ref('int_months') }}
),

leads as (
    select * from {{ ref('fct_leads') }}
),

-- every MQL, returns after disqualification included
mql_events as (
    select * from {{ ref('fct_mql_events') }}
),

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

spend as (
    select * from {{ ref('int_campaign_spend_monthly') }}
),

targets as (
    -- segment targets only: quotas (owner_id or team) are per person
    select * from {{ ref('stg_crm__targets') }}
    where owner_id is null and team is null
),

fx_rates as (
    select * from {{ ref('int_fx_rates_monthly') }}
),

-- one row per event a metric counts: (month, segment, region, measure, amount)
events as (
    {%- for measure, source, month_column, amount, condition in event_measures %}
    select
        {{ month_column }} as month,
        segment,
        region,
        '{{ measure }}' as measure,
        cast({{ amount }} as {{ type_double() }}) as amount
    from {{ source }}
    where {{ condition }}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

-- the segment × region cube, totals as 'all'
cubed as (
    {%- for segment, region in [('segment', 'region'), ('segment', "'all'"),
                                ("'all'", 'region'), ("'all'", "'all'")] %}
    select
        month,
        {{ segment }} as segment,
        {{ region }} as region,
        measure,
        sum(amount) as amount
    from events
    group by
        month,
        measure{{ ',' if segment == 'segment' or region == 'region' }}
        {%- if segment == 'segment' %}
        segment{{ ',' if region == 'region' }}
        {%- endif %}
        {%- if region == 'region' %}
        region
        {%- endif %}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

-- targets are set per segment: 'all' is the sum of the segments' targets
target_levels as (
    select month, segment, metric, target_value from targets
    union all
    select month, 'all' as segment, metric, target_value from targets
),

segment_targets as (
    select
        month,
        segment,
        'all' as region,
        sum(case when metric = 'won_revenue' then target_value end) as revenue_target_usd,
        sum(case when metric = 'pipeline_created' then target_value end) as pipeline_target_usd,
        sum(case when metric = 'mqls' then target_value end) as mql_target
    from target_levels
    group by month, segment
),

segments as (
    select distinct segment from events
    union
    select 'all'
),

regions as (
    select distinct region from events
    union
    select 'all'
),

grid as (
    select
        months.month,
        segments.segment,
        regions.region
    from months
    cross join segments
    cross join regions
),

monthly_spend as (
    select month, sum(spend_usd) as marketing_spend_usd
    from spend
    group by month
),

wide as (
    select
        grid.month,
        grid.segment,
        grid.region,
        {%- for measure in event_measures | map(attribute=0) %}
        coalesce(sum(case when cubed.measure = '{{ measure }}' then cubed.amount end), 0)
            as {{ measure }}{{ ',' if not loop.last }}
        {%- endfor %}
    from grid
    left join cubed
        on grid.month = cubed.month
        and grid.segment = cubed.segment
        and grid.region = cubed.region
    group by grid.month, grid.segment, grid.region
),

with_spend as (
    select
        wide.*,
        segment_targets.revenue_target_usd,
        segment_targets.pipeline_target_usd,
        segment_targets.mql_target,
        coalesce(monthly_spend.marketing_spend_usd, 0) as marketing_spend_usd,
        reporting_fx.usd_per_unit as reporting_usd_per_unit
    from wide
    left join monthly_spend on wide.month = monthly_spend.month
    left join segment_targets
        on wide.month = segment_targets.month
        and wide.segment = segment_targets.segment
        and wide.region = segment_targets.region
    inner join fx_rates as reporting_fx
        on wide.month = reporting_fx.month
        and reporting_fx.currency_code = '{{ var("reporting_currency") }}'
),

final as (
    {%- for metric in metrics %}
    select
        month,
        segment,
        region,
        '{{ metric }}' as metric,
        cast({{ expressions[metric] }} as {{ type_double() }}) as value
    from with_spend
    {%- if metric in scope %}
    where {{ scope[metric] }}
    {%- endif %}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
)

select * from final
