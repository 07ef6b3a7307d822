{#- Revenue against target for the month, fiscal quarter-to-date and fiscal year-to-date
    (the pack's "% to target"): one row per month × segment (and 'all'), region 'all'.
    Fiscal calendar from var fiscal_year_start_month; money in var reporting_currency. -#}

with kpis as (
    select * from {{ ref('kpi_monthly') }}
),

months as (
    select * from {{ ref('dim_months') }}
),

monthly as (
    select
        kpis.month,
        kpis.segment,
        sum(case when kpis.metric = 'won_revenue' then kpis.value end) as won_revenue,
        sum(case when kpis.metric = 'revenue_target' then kpis.value end) as revenue_target
    from kpis
    where kpis.region = 'all'
        and kpis.metric in ('won_revenue', 'revenue_target')
    group by kpis.month, kpis.segment
),

with_calendar as (
    select
        monthly.*,
        months.fiscal_year,
        months.fiscal_quarter,
        months.fiscal_year_start,
        months.fiscal_quarter_start
    from monthly
    inner join months on monthly.month = months.month
),

to_date as (
    select
        current_month.month,
        current_month.segment,
        current_month.fiscal_year,
        current_month.fiscal_quarter,
        current_month.won_revenue as won_revenue_month,
        current_month.revenue_target as revenue_target_month,
        sum(case when earlier.month >= current_month.fiscal_quarter_start then earlier.won_revenue end)
            as won_revenue_qtd,
        sum(case when earlier.month >= current_month.fiscal_quarter_start then earlier.revenue_target end)
            as revenue_target_qtd,
        sum(earlier.won_revenue) as won_revenue_ytd,
        sum(earlier.revenue_target) as revenue_target_ytd
    from with_calendar as current_month
    inner join with_calendar as earlier
        on current_month.segment = earlier.segment
        and earlier.month >= current_month.fiscal_year_start
        and earlier.month <= current_month.month
    group by
        current_month.month,
        current_month.segment,
        current_month.fiscal_year,
        current_month.fiscal_quarter,
        current_month.won_revenue,
        current_month.revenue_target
),

final as (
    select
        month,
        segment,
        'all' as region,
        fiscal_year,
        fiscal_quarter,
        won_revenue_month,
        revenue_target_month,
        {{ safe_divide('won_revenue_month', 'revenue_target_month') }} as revenue_attainment_month,
        won_revenue_qtd,
        revenue_target_qtd,
        {{ safe_divide('won_revenue_qtd', 'revenue_target_qtd') }} as revenue_attainment_qtd,
        won_revenue_ytd,
        revenue_target_ytd,
        {{ safe_divide('won_revenue_ytd', 'revenue_target_ytd') }} as revenue_attainment_ytd
    from to_date
)

select * from final
