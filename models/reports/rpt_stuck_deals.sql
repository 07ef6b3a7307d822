{#- Deals stuck in their stage (table): per pack period × segment × region, the var top_n
    largest deals open at the period's end that had been in their stage then for longer
    than its stuck threshold (var stuck_stage_days, else stuck_days_default), with owner,
    stage, days in it and amount then (the month-end snapshot, at the created month's rate,
    in var reporting_currency at the period's rate). -#}

with periods as (
    select * from {{ ref('int_report_periods') }}
),

deals_in_stage as (
    select * from {{ ref('int_report_deals_in_stage') }}
    where is_stuck
),

snapshots as (
    select * from {{ ref('int_opportunity_month_snapshots') }}
),

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

users as (
    select * from {{ ref('dim_users') }}
),

fx as (
    select * from {{ ref('int_reporting_fx') }}
),

stuck as (
    select
        deals_in_stage.period,
        deals_in_stage.segment as row_segment,
        deals_in_stage.region as row_region,
        deals_in_stage.opportunity_id,
        opportunities.opportunity_name,
        coalesce(users.full_name, opportunities.owner_id, 'unassigned') as owner_name,
        deals_in_stage.stage_name,
        deals_in_stage.days_in_stage_then as stuck_deal_days_in_stage,
        deals_in_stage.stuck_after_days,
        coalesce(snapshots.open_amount_usd, 0) / fx.reporting_usd_per_unit as stuck_deal_amount
    from deals_in_stage
    inner join opportunities on deals_in_stage.opportunity_id = opportunities.opportunity_id
    inner join fx on deals_in_stage.period = fx.month
    left join snapshots
        on deals_in_stage.opportunity_id = snapshots.opportunity_id
        and deals_in_stage.period = snapshots.month
    left join users on opportunities.owner_id = users.user_id
),

levels as (
    {{ segment_region_levels('stuck') }}
),

ranked as (
    {{ rank_per_filter('levels', ranking_amount('levels.stuck_deal_amount') ~ ' desc, levels.opportunity_id asc') }}
),

final as (
    select
        ranked.period,
        ranked.segment,
        ranked.region,
        ranked.opportunity_id,
        ranked.opportunity_name,
        ranked.owner_name,
        ranked.stage_name,
        ranked.sort_order,
        ranked.stuck_deal_days_in_stage,
        ranked.stuck_after_days,
        ranked.stuck_deal_amount,
        periods.period_end as window_start,
        periods.period_end as window_end
    from ranked
    inner join periods on ranked.period = periods.period
    where ranked.sort_order <= {{ var('top_n') }}
)

select * from final
