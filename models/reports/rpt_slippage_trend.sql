{#- Slippage (table): per period × segment × region × month of the six months ending with
    the period, the open deals pushed out of the fiscal quarter they were due in, pulled
    into it, and shrunk, with the pipeline at stake (each deal at its created month's rate,
    in var reporting_currency at the month's rate). Zero rows where nothing moved. -#}

with periods as (
    select * from {{ ref('int_report_periods') }}
),

slippage as (
    select * from {{ ref('fct_slippage_monthly') }}
),

months as (
    select * from {{ ref('dim_months') }}
),

filters as (
    select * from {{ ref('int_report_filters') }}
),

fx as (
    select * from {{ ref('int_reporting_fx') }}
),

in_months as (
    select
        slippage.month,
        slippage.segment,
        slippage.region,
        slippage.deals_pushed_out,
        slippage.pushed_out_amount_usd / fx.reporting_usd_per_unit as pushed_out_amount,
        slippage.deals_pulled_in,
        slippage.pulled_in_amount_usd / fx.reporting_usd_per_unit as pulled_in_amount,
        slippage.deals_shrunk,
        slippage.shrunk_amount_usd / fx.reporting_usd_per_unit as shrunk_amount
    from slippage
    inner join fx on slippage.month = fx.month
),

cube as (
    {{ segment_region_cube('in_months', ['month'], [
        ['deals_pushed_out', 'sum(deals_pushed_out)'],
        ['pipeline_pushed_out', 'sum(pushed_out_amount)'],
        ['deals_pulled_in', 'sum(deals_pulled_in)'],
        ['pipeline_pulled_in', 'sum(pulled_in_amount)'],
        ['deals_shrunk', 'sum(deals_shrunk)'],
        ['pipeline_shrunk', 'sum(shrunk_amount)'],
    ]) }}
),

period_months as (
    select
        periods.period,
        months.month,
        months.month_end
    from periods
    inner join months
        on months.month > cast({{ dbt.dateadd('month', -6, 'periods.period') }} as date)
        and months.month <= periods.period
),

joined as (
    select
        period_months.period,
        filters.segment,
        filters.region,
        period_months.month,
        coalesce(cube.deals_pushed_out, 0) as deals_pushed_out,
        coalesce(cube.pipeline_pushed_out, 0) as pipeline_pushed_out,
        coalesce(cube.deals_pulled_in, 0) as deals_pulled_in,
        coalesce(cube.pipeline_pulled_in, 0) as pipeline_pulled_in,
        coalesce(cube.deals_shrunk, 0) as deals_shrunk,
        coalesce(cube.pipeline_shrunk, 0) as pipeline_shrunk,
        period_months.month as window_start,
        period_months.month_end as window_end
    from period_months
    cross join filters
    left join cube
        on period_months.month = cube.month
        and filters.segment = cube.segment
        and filters.region = cube.region
),

final as (
    select
        joined.*,
        -- any close date moved in the six months (none: the data may lack field history)
        max(joined.deals_pushed_out + joined.deals_pulled_in) over (
            partition by joined.period, joined.segment, joined.region
        ) > 0 as has_close_date_moves
    from joined
)

select * from final
