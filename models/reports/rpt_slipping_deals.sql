{#- Deals slipping past their close date (table): per pack period × segment × region, the
    var top_n largest deals open at the period's end whose close date had passed by then,
    with owner, stage and amount at the period's end (the month-end snapshot, at the
    created month's rate, in var reporting_currency at the period's rate). The close date
    is the one the CRM said at the period's end (opportunity_field_history, else the
    current one). -#}

with periods as (
    select * from {{ ref('int_report_periods') }}
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

slipping as (
    select
        periods.period,
        snapshots.segment as row_segment,
        snapshots.region as row_region,
        opportunities.opportunity_id,
        opportunities.opportunity_name,
        coalesce(users.full_name, opportunities.owner_id, 'unassigned') as owner_name,
        snapshots.stage_name,
        snapshots.close_date,
        snapshots.open_amount_usd / fx.reporting_usd_per_unit as slipping_deal_amount,
        {{ dbt.datediff('snapshots.close_date', 'periods.period_end', 'day') }}
            as days_past_close_date
    from periods
    inner join snapshots on periods.period = snapshots.month
    inner join opportunities on snapshots.opportunity_id = opportunities.opportunity_id
    inner join fx on periods.period = fx.month
    left join users on opportunities.owner_id = users.user_id
    where snapshots.close_date < periods.period_end
),

levels as (
    {{ segment_region_levels('slipping') }}
),

ranked as (
    {{ rank_per_filter('levels', 'levels.slipping_deal_amount desc, levels.opportunity_id asc') }}
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
        ranked.close_date,
        ranked.sort_order,
        ranked.slipping_deal_amount,
        ranked.days_past_close_date,
        periods.period_end as window_start,
        periods.period_end as window_end
    from ranked
    inner join periods on ranked.period = periods.period
    where ranked.sort_order <= {{ var('top_n') }}
)

select * from final
