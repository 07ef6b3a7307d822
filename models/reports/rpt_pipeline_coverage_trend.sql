{#- Coverage that counts the right deals (table and trend): per period × segment × region
    × stage threshold (min_stage_order 1 = every open deal, then var
    coverage_stage_thresholds, by dim_opportunity_stages order) × point of the period's
    fiscal quarter: the end of each week of the quarter before the period's last day, and
    the period's last day itself (is_period_end). At each point: the open pipeline whose
    close date (as the CRM said then) falls in the quarter, the quarter's revenue target
    less what was won in the quarter up to that day, their ratio, and beside it the
    coverage the team needs given its trailing 12-month win rate (1 ÷ win rate at the
    period's end). Money in var reporting_currency (a snapshot at its month's rate, won
    deals at their close month's). Targets are per segment: null coverage under a region
    filter or without a target; null when the target is already met. -#}

{%- set thresholds = [1] + (var('coverage_stage_thresholds') or []) %}
{%- for threshold in thresholds if threshold is not number or threshold < 1 %}
    {{ exceptions.raise_compiler_error("var coverage_stage_thresholds: " ~ threshold ~ " is not a stage_order (1 or more, see dim_opportunity_stages), e.g. [2, 3]") }}
{%- endfor %}

with periods as (
    select * from {{ ref('int_report_periods') }}
),

weeks as (
    select * from {{ ref('int_quarter_weeks') }}
),

week_snapshots as (
    select * from {{ ref('int_opportunity_week_snapshots') }}
),

month_snapshots as (
    select * from {{ ref('int_opportunity_month_snapshots') }}
),

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

to_date as (
    select * from {{ ref('int_report_revenue_to_date') }}
),

filters as (
    select * from {{ ref('int_report_filters') }}
),

stages as (
    select * from {{ ref('dim_opportunity_stages') }}
),

fx as (
    select * from {{ ref('int_reporting_fx') }}
),

thresholds as (
    {%- for threshold in thresholds | unique %}
    select {{ threshold }} as min_stage_order
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

-- the trend's points: the quarter's weeks that end before the period's last day, then that day
points as (
    select
        periods.period,
        weeks.week_of_quarter,
        weeks.week_end as point_date,
        false as is_period_end
    from periods
    inner join weeks
        on periods.fiscal_quarter_start = weeks.fiscal_quarter_start
        and weeks.week_end < periods.period_end
    union all
    select
        periods.period,
        weeks.week_of_quarter,
        periods.period_end as point_date,
        true as is_period_end
    from periods
    inner join weeks
        on periods.fiscal_quarter_start = weeks.fiscal_quarter_start
        and periods.period_end >= weeks.week_start
        and periods.period_end <= weeks.week_end
),

snapshot_rows as (
    select
        points.period,
        points.point_date,
        week_snapshots.segment,
        week_snapshots.region,
        week_snapshots.stage_order,
        week_snapshots.close_date,
        week_snapshots.open_amount_usd / fx.reporting_usd_per_unit as open_amount
    from points
    inner join week_snapshots
        on points.point_date = week_snapshots.week_end
    inner join fx on {{ month_of('points.point_date') }} = fx.month
    where not points.is_period_end
    union all
    select
        points.period,
        points.point_date,
        month_snapshots.segment,
        month_snapshots.region,
        month_snapshots.stage_order,
        month_snapshots.close_date,
        month_snapshots.open_amount_usd / fx.reporting_usd_per_unit as open_amount
    from points
    inner join month_snapshots on points.period = month_snapshots.month
    inner join fx on points.period = fx.month
    where points.is_period_end
),

in_quarter as (
    select
        snapshot_rows.period,
        snapshot_rows.point_date,
        snapshot_rows.segment,
        snapshot_rows.region,
        thresholds.min_stage_order,
        snapshot_rows.open_amount
    from snapshot_rows
    inner join periods on snapshot_rows.period = periods.period
    inner join thresholds on coalesce(snapshot_rows.stage_order, 0) >= thresholds.min_stage_order
    where snapshot_rows.close_date >= periods.fiscal_quarter_start
        and snapshot_rows.close_date <= periods.fiscal_quarter_end
),

pipeline as (
    {{ segment_region_cube('in_quarter', ['period', 'point_date', 'min_stage_order'], [
        ['deals_closing_this_quarter', 'count(*)'],
        ['pipeline_closing_this_quarter', 'sum(open_amount)'],
    ]) }}
),

won_deals as (
    select
        points.period,
        points.point_date,
        opportunities.segment,
        opportunities.region,
        opportunities.closed_amount_usd / fx.reporting_usd_per_unit as won_amount
    from points
    inner join periods on points.period = periods.period
    inner join opportunities
        on opportunities.is_won
        and opportunities.close_date >= periods.fiscal_quarter_start
        and opportunities.close_date <= points.point_date
    inner join fx on opportunities.close_month = fx.month
),

won as (
    {{ segment_region_cube('won_deals', ['period', 'point_date'], [
        ['won_revenue_qtd', 'sum(won_amount)'],
    ]) }}
),

closed_trailing as (
    select
        periods.period,
        opportunities.segment,
        opportunities.region,
        opportunities.is_won
    from periods
    inner join opportunities
        on opportunities.is_closed
        and opportunities.close_month >= periods.trailing_start
        and opportunities.close_month <= periods.period
),

win_rates as (
    {{ segment_region_cube('closed_trailing', ['period'], [
        ['closed_deals_12m', 'count(*)'],
        ['win_rate_12m', safe_divide('sum(case when is_won then 1 else 0 end)', 'count(*)')],
    ]) }}
),

grid as (
    select
        points.period,
        points.week_of_quarter,
        points.point_date,
        points.is_period_end,
        filters.segment,
        filters.region,
        thresholds.min_stage_order
    from points
    cross join filters
    cross join thresholds
),

joined as (
    select
        grid.*,
        coalesce(pipeline.deals_closing_this_quarter, 0) as deals_closing_this_quarter,
        coalesce(pipeline.pipeline_closing_this_quarter, 0) as pipeline_closing_this_quarter,
        coalesce(won.won_revenue_qtd, 0) as won_revenue_qtd,
        to_date.revenue_target_quarter,
        to_date.revenue_target_quarter - coalesce(won.won_revenue_qtd, 0) as revenue_target_remaining_quarter,
        win_rates.closed_deals_12m,
        win_rates.win_rate_12m
    from grid
    left join pipeline
        on grid.period = pipeline.period
        and grid.point_date = pipeline.point_date
        and grid.segment = pipeline.segment
        and grid.region = pipeline.region
        and grid.min_stage_order = pipeline.min_stage_order
    left join won
        on grid.period = won.period
        and grid.point_date = won.point_date
        and grid.segment = won.segment
        and grid.region = won.region
    left join to_date
        on grid.period = to_date.period
        and grid.segment = to_date.segment
        and grid.region = to_date.region
    left join win_rates
        on grid.period = win_rates.period
        and grid.segment = win_rates.segment
        and grid.region = win_rates.region
),

final as (
    select
        joined.period,
        joined.segment,
        joined.region,
        joined.min_stage_order,
        coalesce(stages.stage_name, 'all stages') as from_stage,
        joined.week_of_quarter,
        joined.point_date,
        joined.is_period_end,
        joined.deals_closing_this_quarter,
        joined.pipeline_closing_this_quarter,
        joined.won_revenue_qtd,
        joined.revenue_target_quarter,
        joined.revenue_target_remaining_quarter,
        case
            when joined.revenue_target_remaining_quarter > 0
                then joined.pipeline_closing_this_quarter / joined.revenue_target_remaining_quarter
        end as quarter_pipeline_coverage,
        joined.closed_deals_12m,
        joined.win_rate_12m,
        case when joined.win_rate_12m > 0 then 1 / joined.win_rate_12m end as coverage_needed,
        {{ is_small_sample('joined.closed_deals_12m') }} as is_small_sample,
        periods.fiscal_quarter_start,
        periods.fiscal_quarter_end,
        periods.trailing_start as win_rate_window_start,
        periods.period_end as win_rate_window_end,
        joined.point_date as window_start,
        joined.point_date as window_end
    from joined
    inner join periods on joined.period = periods.period
    left join stages
        on joined.min_stage_order > 1
        and joined.min_stage_order = stages.stage_order
)

select * from final
