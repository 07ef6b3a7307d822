{#- The 12 months ending with each pack period, per segment × region: the kpi_monthly
    values the pack's trend charts draw (months before the data start are left out). -#}

with periods as (
    select * from {{ ref('int_report_periods') }}
),

kpis as (
    select * from {{ ref('int_report_monthly_kpis') }}
),

final as (
    select
        periods.period,
        kpis.segment,
        kpis.region,
        kpis.month,
        cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 1, 'kpis.month')) }} as date) as month_end,
        kpis.month = periods.period as is_period,
        row_number() over (partition by periods.period, kpis.segment, kpis.region order by kpis.month)
            as sort_order,
        kpis.pipeline_created,
        kpis.pipeline_target,
        kpis.pipeline_attainment,
        kpis.won_revenue,
        kpis.revenue_target,
        kpis.won_deals,
        kpis.closed_deals,
        kpis.win_rate,
        kpis.sales_cycle_days,
        kpis.avg_deal_size
    from periods
    inner join kpis
        on kpis.month >= periods.trailing_start
        and kpis.month <= periods.period
)

select * from final
