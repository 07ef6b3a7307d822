{#- One row per opportunity × month at whose end it was open: its stage and amount (USD at
    the created month's rate) then. Stage comes from stage history when there is any,
    else the current stage; amount from int_opportunity_amount_events. -#}

with opportunities as (
    select * from {{ ref('int_opportunities_converted') }}
),

amount_events as (
    select * from {{ ref('int_opportunity_amount_events') }}
),

stage_history as (
    select * from {{ ref('stg_crm__opportunity_stage_history') }}
),

months as (
    select * from {{ ref('int_months') }}
),

closings as (
    select opportunity_id, event_at as closed_at
    from amount_events
    where event_type in ('won', 'lost')
),

open_at_month_end as (
    select
        opportunities.opportunity_id,
        opportunities.segment,
        opportunities.region,
        opportunities.stage_name as current_stage_name,
        months.month,
        months.next_month
    from opportunities
    cross join months
    left join closings on opportunities.opportunity_id = closings.opportunity_id
    where opportunities.created_at < cast(months.next_month as timestamp)
        and (closings.closed_at is null or closings.closed_at >= cast(months.next_month as timestamp))
),

amounts as (
    select
        open_at_month_end.opportunity_id,
        open_at_month_end.month,
        amount_events.amount_usd,
        row_number() over (
            partition by open_at_month_end.opportunity_id, open_at_month_end.month
            order by amount_events.event_at desc, amount_events.event_order desc
        ) as rn
    from open_at_month_end
    inner join amount_events
        on open_at_month_end.opportunity_id = amount_events.opportunity_id
        and amount_events.event_at < cast(open_at_month_end.next_month as timestamp)
),

stages as (
    select
        open_at_month_end.opportunity_id,
        open_at_month_end.month,
        stage_history.stage_name,
        row_number() over (
            partition by open_at_month_end.opportunity_id, open_at_month_end.month
            order by stage_history.changed_at desc, stage_history.stage_name desc
        ) as rn
    from open_at_month_end
    inner join stage_history
        on open_at_month_end.opportunity_id = stage_history.opportunity_id
        and stage_history.changed_at < cast(open_at_month_end.next_month as timestamp)
),

final as (
    select
        open_at_month_end.opportunity_id,
        open_at_month_end.month,
        open_at_month_end.segment,
        open_at_month_end.region,
        coalesce(stages.stage_name, open_at_month_end.current_stage_name) as stage_name,
        stages.stage_name is not null as is_stage_from_history,
        coalesce(amounts.amount_usd, 0) as open_amount_usd
    from open_at_month_end
    left join amounts
        on open_at_month_end.opportunity_id = amounts.opportunity_id
        and open_at_month_end.month = amounts.month
        and amounts.rn = 1
    left join stages
        on open_at_month_end.opportunity_id = stages.opportunity_id
        and open_at_month_end.month = stages.month
        and stages.rn = 1
)

select * from final
