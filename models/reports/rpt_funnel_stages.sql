{#- The funnel chart: one row per pack period × segment × region × stage, the stage's
    volume in the period (kpi_monthly). -#}

{%- set stages = ['leads_created', 'mqls', 'sals', 'sqls', 'opportunities_created', 'won_deals'] %}

with periods as (
    select * from {{ ref('int_report_periods') }}
),

kpis as (
    select * from {{ ref('kpi_monthly') }}
),

stages as (
    {%- for stage in stages %}
    select '{{ stage }}' as stage_metric, {{ loop.index }} as stage_order
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

final as (
    select
        periods.period,
        kpis.segment,
        kpis.region,
        stages.stage_metric,
        stages.stage_order,
        kpis.value as volume,
        periods.period_start as window_start,
        periods.period_end as window_end
    from periods
    cross join stages
    inner join kpis
        on periods.period = kpis.month
        and stages.stage_metric = kpis.metric
)

select * from final
