{#- The funnel's headline sentence: the period's MQLs, how many of them reached SQL to
    date, and the rate (kpi_monthly), per pack period × segment × region. -#}

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
        kpis.mqls,
        kpis.mqls_with_sql,
        kpis.mql_to_sql_rate,
        {{ is_small_sample('kpis.mqls') }} as is_small_sample,
        periods.period_start as window_start,
        periods.period_end as window_end
    from periods
    inner join kpis on periods.period = kpis.month
)

select * from final
