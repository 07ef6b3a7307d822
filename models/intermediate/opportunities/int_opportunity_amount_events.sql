{#- One row per change of an opportunity's amount while it is in the pipeline, valued in
    USD at the created month's rate (the pipeline convention, so FX moves never look like
    deal changes):

    created  at created_at: the first stage-history amount recorded by then, else the
             current amount
    changed  each stage-history amount after creation and before the close
    closed   at the close (close_date, not before created_at): the current amount

    An open deal keeps its latest stage-history amount (its current amount when it has no
    history amount), so a month-end snapshot uses nothing from after that month's end.

    amount_delta is the change against the previous event; the pipeline movement sums it. -#}

with opportunities as (
    select * from {{ ref('int_opportunities_converted') }}
),

stage_history as (
    select * from {{ ref('stg_crm__opportunity_stage_history') }}
),

timed as (
    select
        opportunities.opportunity_id,
        opportunities.created_at,
        opportunities.is_closed,
        opportunities.is_won,
        coalesce(opportunities.amount, 0) as current_amount,
        coalesce(opportunities.created_usd_per_unit, 1) as usd_per_unit,
        case
            when opportunities.is_closed and cast(opportunities.close_date as timestamp) > opportunities.created_at
                then cast(opportunities.close_date as timestamp)
            when opportunities.is_closed then opportunities.created_at
        end as closed_at
    from opportunities
),

-- the amount at creation: the first stage-history amount recorded by created_at (a
-- later one is a change, never a restated start)
first_history_amounts as (
    select opportunity_id, amount
    from (
        select
            stage_history.opportunity_id,
            stage_history.amount,
            row_number() over (
                partition by stage_history.opportunity_id
                order by stage_history.changed_at, stage_history.stage_name
            ) as rn
        from stage_history
        inner join timed on stage_history.opportunity_id = timed.opportunity_id
        where stage_history.amount is not null
            and stage_history.changed_at <= timed.created_at
    ) as ordered
    where rn = 1
),

events as (
    select
        timed.opportunity_id,
        'created' as event_type,
        0 as event_order,
        timed.created_at as event_at,
        coalesce(first_history_amounts.amount, timed.current_amount) as amount_local,
        timed.usd_per_unit
    from timed
    left join first_history_amounts on timed.opportunity_id = first_history_amounts.opportunity_id

    union all

    select
        timed.opportunity_id,
        'changed' as event_type,
        1 as event_order,
        stage_history.changed_at as event_at,
        stage_history.amount as amount_local,
        timed.usd_per_unit
    from timed
    inner join stage_history on timed.opportunity_id = stage_history.opportunity_id
    where stage_history.amount is not null
        and stage_history.changed_at > timed.created_at
        and (timed.closed_at is null or stage_history.changed_at < timed.closed_at)

    union all

    select
        timed.opportunity_id,
        case when timed.is_won then 'won' else 'lost' end as event_type,
        2 as event_order,
        timed.closed_at as event_at,
        timed.current_amount as amount_local,
        timed.usd_per_unit
    from timed
    where timed.is_closed
),

final as (
    select
        opportunity_id,
        event_type,
        event_order,
        event_at,
        {{ month_of('event_at') }} as event_month,
        amount_local * usd_per_unit as amount_usd,
        amount_local * usd_per_unit - coalesce(
            lag(amount_local * usd_per_unit) over (
                partition by opportunity_id order by event_at, event_order
            ),
            0
        ) as amount_delta_usd
    from events
)

select * from final
