{#- What the open pipeline says will close (table): per period × segment × region ×
    forecast category ('all' for their total), at the period's end, the deals whose close
    date (as the CRM said then) falls in the period's fiscal quarter and in the next one,
    their amount and their amount weighted by win probability, and the weighted amount of
    the whole open pipeline. In var reporting_currency at the period's rate. -#}

with periods as (
    select * from {{ ref('int_report_periods') }}
),

forecast as (
    select * from {{ ref('fct_pipeline_forecast_monthly') }}
),

fx as (
    select * from {{ ref('int_reporting_fx') }}
),

in_periods as (
    select
        periods.period,
        forecast.segment,
        forecast.region,
        forecast.forecast_category,
        forecast.close_quarter,
        forecast.open_deals,
        forecast.open_amount_usd / fx.reporting_usd_per_unit as open_amount,
        forecast.weighted_amount_usd / fx.reporting_usd_per_unit as weighted_amount
    from periods
    inner join forecast on periods.period = forecast.month
    inner join fx on periods.period = fx.month
),

by_category as (
    {{ segment_region_cube('in_periods', ['period', 'forecast_category'], [
        ['deals_closing_this_quarter', "sum(case when close_quarter = 'current' then open_deals else 0 end)"],
        ['pipeline_closing_this_quarter', "sum(case when close_quarter = 'current' then open_amount else 0 end)"],
        ['weighted_pipeline_this_quarter', "sum(case when close_quarter = 'current' then weighted_amount else 0 end)"],
        ['deals_closing_next_quarter', "sum(case when close_quarter = 'next' then open_deals else 0 end)"],
        ['pipeline_closing_next_quarter', "sum(case when close_quarter = 'next' then open_amount else 0 end)"],
        ['weighted_pipeline_next_quarter', "sum(case when close_quarter = 'next' then weighted_amount else 0 end)"],
        ['weighted_pipeline', 'sum(weighted_amount)'],
    ]) }}
),

with_total as (
    select * from by_category
    union all
    select
        segment,
        region,
        period,
        'all' as forecast_category,
        sum(deals_closing_this_quarter) as deals_closing_this_quarter,
        sum(pipeline_closing_this_quarter) as pipeline_closing_this_quarter,
        sum(weighted_pipeline_this_quarter) as weighted_pipeline_this_quarter,
        sum(deals_closing_next_quarter) as deals_closing_next_quarter,
        sum(pipeline_closing_next_quarter) as pipeline_closing_next_quarter,
        sum(weighted_pipeline_next_quarter) as weighted_pipeline_next_quarter,
        sum(weighted_pipeline) as weighted_pipeline
    from by_category
    group by segment, region, period
),

final as (
    select
        with_total.period,
        with_total.segment,
        with_total.region,
        with_total.forecast_category,
        case with_total.forecast_category
            when 'commit' then 1
            when 'best_case' then 2
            when 'pipeline' then 3
            when 'omitted' then 4
            when 'all' then 99
            else 5
        end as sort_order,
        with_total.deals_closing_this_quarter,
        with_total.pipeline_closing_this_quarter,
        with_total.weighted_pipeline_this_quarter,
        with_total.deals_closing_next_quarter,
        with_total.pipeline_closing_next_quarter,
        with_total.weighted_pipeline_next_quarter,
        with_total.weighted_pipeline,
        periods.fiscal_quarter_start,
        periods.fiscal_quarter_end,
        cast({{ dbt.dateadd('month', 3, 'periods.fiscal_quarter_start') }} as date) as next_quarter_start,
        cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 6, 'periods.fiscal_quarter_start')) }} as date)
            as next_quarter_end,
        periods.period_end as window_start,
        periods.period_end as window_end
    from with_total
    inner join periods on with_total.period = periods.period
)

select * from final
