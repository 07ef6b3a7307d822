{#- Stage velocity for the pack (table): per period × segment × region × stage (not a
    closed stage), in stage order. Of the deals that first entered the stage in the 12
    months ending with the period: how many, the share that advanced from it and the median
    days they spent in it, to date (a cohort measure: fct_opportunity_stages); and the open
    deals stuck in the stage at the period's end (in it longer than its stuck_after_days
    then). -#}

with periods as (
    select * from {{ ref('int_report_periods') }}
),

opportunity_stages as (
    select * from {{ ref('fct_opportunity_stages') }}
),

-- the stage each open deal was in at the period's end, and whether it was stuck then
deals_in_stage as (
    select * from {{ ref('int_report_deals_in_stage') }}
),

stages as (
    select * from {{ ref('dim_opportunity_stages') }}
),

entrants as (
    select
        periods.period,
        opportunity_stages.segment,
        opportunity_stages.region,
        opportunity_stages.stage_name,
        opportunity_stages.is_advanced,
        opportunity_stages.days_in_stage
    from periods
    inner join opportunity_stages
        on opportunity_stages.entered_month >= periods.trailing_start
        and opportunity_stages.entered_month <= periods.period
    where not opportunity_stages.is_closed_stage
),

entrant_counts as (
    {{ segment_region_cube('entrants', ['period', 'stage_name'], [
        ['deals_entered_stage_12m', 'count(*)'],
        ['deals_advanced_12m', 'sum(case when is_advanced then 1 else 0 end)'],
        ['median_days_in_stage_12m', median('days_in_stage')],
    ]) }}
),

stuck_counts as (
    {{ segment_region_cube('deals_in_stage', ['period', 'stage_name'], [
        ['stuck_deals_month_end', 'sum(case when is_stuck then 1 else 0 end)'],
    ]) }}
),

keys as (
    select period, segment, region, stage_name from entrant_counts
    union
    select period, segment, region, stage_name from stuck_counts
),

final as (
    select
        keys.period,
        keys.segment,
        keys.region,
        keys.stage_name,
        stages.stage_order,
        coalesce(entrant_counts.deals_entered_stage_12m, 0) as deals_entered_stage_12m,
        coalesce(entrant_counts.deals_advanced_12m, 0) as deals_advanced_12m,
        {{ safe_divide('entrant_counts.deals_advanced_12m', 'entrant_counts.deals_entered_stage_12m') }}
            as stage_conversion_rate_12m,
        entrant_counts.median_days_in_stage_12m,
        {{ is_small_sample('entrant_counts.deals_entered_stage_12m') }} as is_small_sample,
        coalesce(stuck_counts.stuck_deals_month_end, 0) as stuck_deals_month_end,
        periods.trailing_start as window_start,
        periods.period_end as window_end,
        periods.period_end as stuck_window_start
    from keys
    inner join periods on keys.period = periods.period
    inner join stages on keys.stage_name = stages.stage_name
    left join entrant_counts
        on keys.period = entrant_counts.period
        and keys.segment = entrant_counts.segment
        and keys.region = entrant_counts.region
        and keys.stage_name = entrant_counts.stage_name
    left join stuck_counts
        on keys.period = stuck_counts.period
        and keys.segment = stuck_counts.segment
        and keys.region = stuck_counts.region
        and keys.stage_name = stuck_counts.stage_name
)

select * from final
