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

-- counts add up: per entry month first, then summed over each period's 12 months
monthly_entrants as (
    select
        entered_month,
        segment,
        region,
        stage_name,
        count(*) as entered,
        sum(case when is_advanced then 1 else 0 end) as advanced
    from opportunity_stages
    where not is_closed_stage
    group by entered_month, segment, region, stage_name
),

entrants as (
    select
        periods.period,
        monthly_entrants.segment,
        monthly_entrants.region,
        monthly_entrants.stage_name,
        monthly_entrants.entered,
        monthly_entrants.advanced
    from periods
    inner join monthly_entrants
        on monthly_entrants.entered_month >= periods.trailing_start
        and monthly_entrants.entered_month <= periods.period
),

entrant_totals as (
    {{ segment_region_cube('entrants', ['period', 'stage_name'], [
        ['deals_entered_stage_12m', 'sum(entered)'],
        ['deals_advanced_12m', 'sum(advanced)'],
    ]) }}
),

-- a median does not add up, and a median aggregate holds every value in memory (at 10M
-- leads more than the build's limit): each period's 12 months of days are ranked by a
-- sort per filter level, which spills to disk, and the middle one or two averaged
{%- set entrant_days -%}
(
            select
                periods.period,
                opportunity_stages.segment,
                opportunity_stages.region,
                opportunity_stages.stage_name,
                opportunity_stages.days_in_stage
            from periods
            inner join opportunity_stages
                on opportunity_stages.entered_month >= periods.trailing_start
                and opportunity_stages.entered_month <= periods.period
            where not opportunity_stages.is_closed_stage
                and opportunity_stages.days_in_stage is not null
        ) as entrant_days
{%- endset %}

entrant_medians as (
    {%- for segment, region in [('segment', 'region'), ('segment', "'all'"),
                                ("'all'", 'region'), ("'all'", "'all'")] %}
    select
        period,
        segment,
        region,
        stage_name,
        avg(days_in_stage) as median_days_in_stage_12m
    from (
        select
            period,
            {{ segment }} as segment,
            {{ region }} as region,
            stage_name,
            days_in_stage,
            row_number() over (
                partition by period, {{ segment }}, {{ region }}, stage_name
                order by days_in_stage
            ) as value_rank,
            count(*) over (partition by period, {{ segment }}, {{ region }}, stage_name) as value_count
        from {{ entrant_days }}
    ) as ranked_days
    where 2 * value_rank in (value_count, value_count + 1, value_count + 2)
    group by period, segment, region, stage_name
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

entrant_counts as (
    select
        entrant_totals.*,
        entrant_medians.median_days_in_stage_12m
    from entrant_totals
    left join entrant_medians
        on entrant_totals.period = entrant_medians.period
        and entrant_totals.segment = entrant_medians.segment
        and entrant_totals.region = entrant_medians.region
        and entrant_totals.stage_name = entrant_medians.stage_name
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
