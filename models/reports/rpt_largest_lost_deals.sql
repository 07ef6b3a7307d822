{#- The largest deals lost in the period (table): per pack period × segment × region, the
    var top_n lost deals closed in the period by amount (at the close month's rate, in var
    reporting_currency), with competitor, loss reason and owner. -#}

with periods as (
    select * from {{ ref('int_report_periods') }}
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

lost as (
    select
        periods.period,
        opportunities.segment as row_segment,
        opportunities.region as row_region,
        opportunities.opportunity_id,
        opportunities.opportunity_name,
        coalesce(users.full_name, opportunities.owner_id, 'unassigned') as owner_name,
        coalesce(opportunities.competitor, 'none named') as competitor,
        coalesce(opportunities.loss_reason, 'unknown') as loss_reason,
        opportunities.closed_amount_usd / fx.reporting_usd_per_unit as largest_lost_deal_amount
    from periods
    inner join opportunities
        on periods.period = opportunities.close_month
        and opportunities.is_lost
    inner join fx on periods.period = fx.month
    left join users on opportunities.owner_id = users.user_id
),

levels as (
    {{ segment_region_levels('lost') }}
),

ranked as (
    {{ rank_per_filter('levels', 'levels.largest_lost_deal_amount desc, levels.opportunity_id asc',
        'levels.largest_lost_deal_amount is not null') }}
),

final as (
    select
        ranked.period,
        ranked.segment,
        ranked.region,
        ranked.opportunity_id,
        ranked.opportunity_name,
        ranked.owner_name,
        ranked.competitor,
        ranked.loss_reason,
        ranked.sort_order,
        ranked.largest_lost_deal_amount,
        periods.period_start as window_start,
        periods.period_end as window_end
    from ranked
    inner join periods on ranked.period = periods.period
    where ranked.sort_order <= {{ var('top_n') }}
)

select * from final
