{#- Per pack period × segment × region: won revenue of the month, fiscal quarter to date
    and fiscal year to date, and the targets of the month and of the whole fiscal
    quarter and year (months after as_of included), in var reporting_currency (each
    month's target at its month's rate). Targets are set per segment: for a region other
    than 'all' they are null. -#}

with periods as (
    select * from {{ ref('int_report_periods') }}
),

kpis as (
    select * from {{ ref('int_report_monthly_kpis') }}
),

targets as (
    select * from {{ ref('fct_targets_monthly') }}
    where metric = 'won_revenue'
),

fx as (
    select * from {{ ref('int_reporting_fx') }}
),

filters as (
    select * from {{ ref('int_report_filters') }}
),

won as (
    select
        periods.period,
        kpis.segment,
        kpis.region,
        sum(case when kpis.month = periods.period then kpis.won_revenue else 0 end) as won_revenue,
        sum(case when kpis.month >= periods.fiscal_quarter_start then kpis.won_revenue else 0 end)
            as won_revenue_qtd,
        sum(kpis.won_revenue) as won_revenue_ytd
    from periods
    inner join kpis
        on kpis.month >= periods.fiscal_year_start
        and kpis.month <= periods.period
    group by periods.period, kpis.segment, kpis.region
),

target_months as (
    select
        targets.month,
        targets.segment,
        targets.target_value / fx.reporting_usd_per_unit as target_value
    from targets
    inner join fx on targets.month = fx.month
),

period_targets as (
    select
        periods.period,
        target_months.segment,
        sum(case when target_months.month = periods.period then target_months.target_value end)
            as revenue_target,
        sum(
            case
                when target_months.month >= periods.fiscal_quarter_start
                    and target_months.month <= periods.fiscal_quarter_end
                    then target_months.target_value
            end
        ) as revenue_target_quarter,
        sum(target_months.target_value) as revenue_target_year
    from periods
    inner join target_months
        on target_months.month >= periods.fiscal_year_start
        and target_months.month <= periods.fiscal_year_end
    group by periods.period, target_months.segment
),

final as (
    select
        periods.period,
        filters.segment,
        filters.region,
        periods.fiscal_year,
        periods.fiscal_quarter,
        periods.fiscal_quarter_start,
        periods.fiscal_quarter_end,
        periods.fiscal_year_start,
        periods.fiscal_year_end,
        coalesce(won.won_revenue, 0) as won_revenue,
        coalesce(won.won_revenue_qtd, 0) as won_revenue_qtd,
        coalesce(won.won_revenue_ytd, 0) as won_revenue_ytd,
        period_targets.revenue_target,
        period_targets.revenue_target_quarter,
        period_targets.revenue_target_year
    from periods
    cross join filters
    left join won
        on periods.period = won.period
        and filters.segment = won.segment
        and filters.region = won.region
    left join period_targets
        on periods.period = period_targets.period
        and filters.segment = period_targets.segment
        and filters.region = 'all'
)

select * from final
