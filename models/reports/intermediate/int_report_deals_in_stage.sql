{#- Per pack period × deal open at the period's end: the stage (spell) it was in then, how
    long it had been in it, the stage's stuck threshold and whether it was stuck
    (fct_opportunity_stages.stuck_after_days: var stuck_stage_days, else
    stuck_days_default). Deals without stage history have no rows. -#}

with periods as (
    select * from {{ ref('int_report_periods') }}
),

spells as (
    select * from {{ ref('int_opportunity_stage_spells') }}
),

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

opportunity_stages as (
    select * from {{ ref('fct_opportunity_stages') }}
),

in_stage as (
    select
        periods.period,
        spells.opportunity_id,
        opportunities.segment,
        opportunities.region,
        spells.stage_name,
        spells.entered_at,
        {{ dbt.datediff('spells.entered_at', 'periods.period_end_at', 'second') }} / cast(86400 as {{ type_double() }}) as days_in_stage_then,  -- noqa: LT05
        opportunity_stages.stuck_after_days
    from periods
    inner join spells
        on spells.entered_at <= periods.period_end_at
        and (spells.exited_at is null or spells.exited_at > periods.period_end_at)
    inner join opportunities on spells.opportunity_id = opportunities.opportunity_id
    inner join opportunity_stages
        on spells.opportunity_id = opportunity_stages.opportunity_id
        and spells.stage_name = opportunity_stages.stage_name
    where not spells.is_lost_stage
        and not spells.is_won_stage
        and not (opportunities.is_closed and opportunities.close_date <= periods.period_end)
),

final as (
    select
        in_stage.*,
        in_stage.days_in_stage_then > in_stage.stuck_after_days as is_stuck
    from in_stage
)

select * from final
