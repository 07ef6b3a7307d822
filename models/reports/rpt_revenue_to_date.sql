{#- % to target (table and sentence): per pack period × segment × region, three rows —
    the month, the fiscal quarter to date and the fiscal year to date — with won revenue,
    the target and attainment. The quarter's and year's targets are the whole quarter's
    and year's (months after as_of included), so attainment says how much of the
    quarter's or year's target is won so far. Targets are per segment: null for a region
    filter. Each row names its metrics. -#}

with to_date as (
    select * from {{ ref('int_report_revenue_to_date') }}
),

periods as (
    select * from {{ ref('int_report_periods') }}
),

kpis as (
    select * from {{ ref('int_report_monthly_kpis') }}
),

month_rows as (
    select
        to_date.period,
        to_date.segment,
        to_date.region,
        'month' as window_name,
        1 as sort_order,
        'won_revenue' as won_metric,
        kpis.won_revenue,
        'revenue_target' as target_metric,
        kpis.revenue_target,
        'revenue_attainment' as attainment_metric,
        kpis.revenue_attainment,
        periods.period_start as window_start,
        periods.period_end as window_end,
        periods.period_end as target_window_end
    from to_date
    inner join periods on to_date.period = periods.period
    left join kpis
        on to_date.period = kpis.month
        and to_date.segment = kpis.segment
        and to_date.region = kpis.region
),

quarter_rows as (
    select
        to_date.period,
        to_date.segment,
        to_date.region,
        'quarter' as window_name,
        2 as sort_order,
        'won_revenue_qtd' as won_metric,
        to_date.won_revenue_qtd as won_revenue,
        'revenue_target_quarter' as target_metric,
        to_date.revenue_target_quarter as revenue_target,
        'revenue_attainment_quarter' as attainment_metric,
        {{ safe_divide('to_date.won_revenue_qtd', 'to_date.revenue_target_quarter') }} as revenue_attainment,
        to_date.fiscal_quarter_start as window_start,
        periods.period_end as window_end,
        to_date.fiscal_quarter_end as target_window_end
    from to_date
    inner join periods on to_date.period = periods.period
),

year_rows as (
    select
        to_date.period,
        to_date.segment,
        to_date.region,
        'year' as window_name,
        3 as sort_order,
        'won_revenue_ytd' as won_metric,
        to_date.won_revenue_ytd as won_revenue,
        'revenue_target_year' as target_metric,
        to_date.revenue_target_year as revenue_target,
        'revenue_attainment_year' as attainment_metric,
        {{ safe_divide('to_date.won_revenue_ytd', 'to_date.revenue_target_year') }} as revenue_attainment,
        to_date.fiscal_year_start as window_start,
        periods.period_end as window_end,
        to_date.fiscal_year_end as target_window_end
    from to_date
    inner join periods on to_date.period = periods.period
),

final as (
    select * from month_rows
    union all
    select * from quarter_rows
    union all
    select * from year_rows
)

select * from final
