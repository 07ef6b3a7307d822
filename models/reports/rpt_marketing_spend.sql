{#- Marketing spend and cost per MQL of the pack period (sentence), company-wide:
    campaigns have no segment or region (kpi_monthly, segment = region = 'all'). -#}

with periods as (
    select * from {{ ref('int_report_periods') }}
),

kpis as (
    select * from {{ ref('int_report_monthly_kpis') }}
    where segment = 'all' and region = 'all'
),

final as (
    select
        periods.period,
        kpis.segment,
        kpis.region,
        kpis.marketing_spend,
        kpis.mqls,
        kpis.cost_per_mql,
        periods.period_start as window_start,
        periods.period_end as window_end
    from periods
    inner join kpis on periods.period = kpis.month
)

select * from final
