{#- The KPI tiles' sparklines (chart), and the actuals a commitment is checked against:
    per pack period × segment × region × scorecard KPI, its kpi_monthly value in each of
    the 12 months ending with the period. -#}

with periods as (
    select * from {{ ref('int_report_periods') }}
),

kpis as (
    select * from {{ ref('kpi_monthly') }}
),

scorecard_kpis as (
    select distinct kpi from {{ ref('rpt_scorecard') }}
),

final as (
    select
        periods.period,
        kpis.segment,
        kpis.region,
        kpis.metric as kpi,
        kpis.month,
        kpis.month = periods.period as is_period,
        kpis.value,
        kpis.month as window_start,
        cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 1, 'kpis.month')) }} as date) as window_end
    from periods
    inner join kpis
        on kpis.month >= periods.trailing_start
        and kpis.month <= periods.period
    inner join scorecard_kpis on kpis.metric = scorecard_kpis.kpi
)

select * from final
