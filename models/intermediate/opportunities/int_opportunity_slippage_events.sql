{#- Every change to an open deal's close date or amount: one row per change, made after
    the deal was created and before it closed. Close-date moves come from
    opportunity_field_history (field close_date); amount changes from stage history (a
    stage-history row whose amount differs from the one before) and from field history
    (field amount) where stage history has no row for the deal at that instant. Each move
    is placed against the fiscal quarter the change was made in:

    pushed_out     the close date was in that quarter and moved after it
    pulled_in      it was after that quarter and moved into it (or before)
    moved_later / moved_earlier   any other move
    shrunk / grown  the amount fell / rose (USD at the created month's rate) -#}

with opportunities as (
    select * from {{ ref('int_opportunities_converted') }}
),

amount_events as (
    select * from {{ ref('int_opportunity_amount_events') }}
),

field_history as (
    select * from {{ ref('stg_crm__opportunity_field_history') }}
),

stage_history as (
    select * from {{ ref('stg_crm__opportunity_stage_history') }}
),

months as (
    select * from {{ ref('dim_months') }}
),

closings as (
    select opportunity_id, event_at as closed_at
    from amount_events
    where event_type in ('won', 'lost')
),

open_changes as (
    select
        field_history.opportunity_id,
        field_history.field,
        field_history.changed_at,
        field_history.old_value,
        field_history.new_value,
        opportunities.created_usd_per_unit
    from field_history
    inner join opportunities on field_history.opportunity_id = opportunities.opportunity_id
    left join closings on field_history.opportunity_id = closings.opportunity_id
    where field_history.changed_at > opportunities.created_at
        and (closings.closed_at is null or field_history.changed_at < closings.closed_at)
),

close_date_moves as (
    select
        open_changes.opportunity_id,
        open_changes.changed_at,
        'close_date' as change_type,
        {{ parse_date('open_changes.old_value') }} as old_close_date,
        {{ parse_date('open_changes.new_value') }} as new_close_date,
        cast(null as {{ type_double() }}) as amount_delta_usd
    from open_changes
    where open_changes.field = 'close_date'
),

stage_amount_changes as (
    select
        opportunity_id,
        event_at as changed_at,
        'amount' as change_type,
        cast(null as date) as old_close_date,
        cast(null as date) as new_close_date,
        amount_delta_usd
    from amount_events
    where event_type = 'changed'
        and amount_delta_usd <> 0
),

field_amount_changes as (
    select
        open_changes.opportunity_id,
        open_changes.changed_at,
        'amount' as change_type,
        cast(null as date) as old_close_date,
        cast(null as date) as new_close_date,
        ({{ parse_number('open_changes.new_value') }} - {{ parse_number('open_changes.old_value') }})
        * coalesce(open_changes.created_usd_per_unit, 1) as amount_delta_usd
    from open_changes
    where open_changes.field = 'amount'
        and not exists (
            select 1
            from stage_history
            where stage_history.opportunity_id = open_changes.opportunity_id
                and stage_history.changed_at = open_changes.changed_at
        )
),

changes as (
    select * from close_date_moves
    where old_close_date is not null and new_close_date is not null
        and old_close_date <> new_close_date
    union all
    select * from stage_amount_changes
    union all
    select * from field_amount_changes
    where amount_delta_usd <> 0
),

-- the deal's amount just before the change (its pipeline at stake)
amounts_before as (
    select
        changes.opportunity_id,
        changes.changed_at,
        changes.change_type,
        amount_events.amount_usd,
        row_number() over (
            partition by changes.opportunity_id, changes.changed_at, changes.change_type
            order by amount_events.event_at desc, amount_events.event_order desc
        ) as rn
    from changes
    inner join amount_events
        on changes.opportunity_id = amount_events.opportunity_id
        and amount_events.event_at < changes.changed_at
),

final as (
    select
        changes.opportunity_id,
        opportunities.segment,
        opportunities.region,
        changes.changed_at,
        {{ month_of('changes.changed_at') }} as change_month,
        changes.change_type,
        case
            when changes.change_type = 'amount' and changes.amount_delta_usd < 0 then 'shrunk'
            when changes.change_type = 'amount' then 'grown'
            when changes.old_close_date <= months.fiscal_quarter_end
                and changes.old_close_date >= months.fiscal_quarter_start
                and changes.new_close_date > months.fiscal_quarter_end then 'pushed_out'
            when changes.old_close_date > months.fiscal_quarter_end
                and changes.new_close_date <= months.fiscal_quarter_end then 'pulled_in'
            when changes.new_close_date > changes.old_close_date then 'moved_later'
            else 'moved_earlier'
        end as direction,
        changes.old_close_date,
        changes.new_close_date,
        {{ dbt.datediff('changes.old_close_date', 'changes.new_close_date', 'day') }} as days_moved,  -- noqa: LT05
        changes.amount_delta_usd,
        coalesce(amounts_before.amount_usd, 0) as amount_before_usd,
        months.fiscal_quarter_start,
        months.fiscal_quarter_end
    from changes
    inner join opportunities on changes.opportunity_id = opportunities.opportunity_id
    inner join months on {{ month_of('changes.changed_at') }} = months.month
    left join amounts_before
        on changes.opportunity_id = amounts_before.opportunity_id
        and changes.changed_at = amounts_before.changed_at
        and changes.change_type = amounts_before.change_type
        and amounts_before.rn = 1
)

select * from final
