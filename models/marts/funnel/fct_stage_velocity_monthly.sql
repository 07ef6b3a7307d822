{#- Stage velocity per month of entry × segment × region × lead source × stage, to date (a
    cohort measure: deals that entered late have had less time to move): the deals that
    entered the stage that month, how many have advanced from it, the share that did,
    how many have left it, the median days they spent in it, and how many are stuck in it
    now. -#}

with stages as (
    select * from {{ ref('fct_opportunity_stages') }}
),

final as (
    select
        entered_month,
        segment,
        region,
        coalesce(lead_source, 'unknown') as lead_source,
        stage_name,
        stage_order,
        count(*) as deals_entered_stage,
        sum(case when is_advanced then 1 else 0 end) as deals_advanced,
        {{ safe_divide('sum(case when is_advanced then 1 else 0 end)', 'count(*)') }}
            as stage_conversion_rate,
        sum(case when last_exited_at is not null then 1 else 0 end) as deals_left_stage,
        {{ median('days_in_stage') }} as median_days_in_stage,
        sum(case when is_stuck then 1 else 0 end) as stuck_deals
    from stages
    where not is_closed_stage
    group by
        entered_month,
        segment,
        region,
        coalesce(lead_source, 'unknown'),
        stage_name,
        stage_order
)

select * from final
