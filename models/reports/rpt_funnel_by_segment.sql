{#- The funnel by segment: per pack period × region × segment (not 'all'), the volumes
    and the win rate with its denominator (kpi_monthly). A pack filtered to a segment
    shows that segment's row. -#}

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
        row_number() over (partition by periods.period, kpis.region order by kpis.segment) as sort_order,
        kpis.leads_created,
        kpis.mqls,
        kpis.sqls,
        kpis.opportunities_created,
        kpis.won_deals,
        kpis.closed_deals,
        kpis.win_rate,
        {{ is_small_sample('kpis.closed_deals') }} as is_small_sample,
        periods.period_start as window_start,
        periods.period_end as window_end
    from periods
    inner join kpis on periods.period = kpis.month
    where kpis.segment <> 'all'
)

select * from final
