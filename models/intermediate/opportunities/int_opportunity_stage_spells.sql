{#- One row per opportunity × stage spell: an unbroken stay in one stage, from stage
    history (every stage in the data, in dim_opportunity_stages order). Consecutive rows of
    the same stage (an amount change) are one spell; a stage entered again later is a new
    spell (spell_number 2, ...). A spell ends when the next one starts; the current stage's
    spell has no exit. advanced: the next stage is later in the pipeline order and is not
    a lost stage (a stage closed-lost deals end in), so a skipped stage still advances and
    a step back or a loss does not. -#}

with stage_history as (
    select * from {{ ref('stg_crm__opportunity_stage_history') }}
),

opportunities as (
    select * from {{ ref('stg_crm__opportunities') }}
),

stages as (
    select * from {{ ref('dim_opportunity_stages') }}
),

-- stage names as dim_opportunity_stages spells them (it matches listed names by case)
lost_stages as (
    select distinct stages.stage_name
    from opportunities
    inner join stages on lower(opportunities.stage_name) = lower(stages.stage_name)
    where opportunities.is_closed and not opportunities.is_won
),

won_stages as (
    select distinct stages.stage_name
    from opportunities
    inner join stages on lower(opportunities.stage_name) = lower(stages.stage_name)
    where opportunities.is_won
),

changes as (
    select
        stage_history.opportunity_id,
        stages.stage_name,
        stages.stage_order,
        stage_history.changed_at,
        lag(stages.stage_name) over (
            partition by stage_history.opportunity_id
            order by stage_history.changed_at, stages.stage_order
        ) as previous_stage_name,
        row_number() over (
            partition by stage_history.opportunity_id
            order by stage_history.changed_at, stages.stage_order
        ) as change_number
    from stage_history
    inner join opportunities on stage_history.opportunity_id = opportunities.opportunity_id
    inner join stages on lower(stage_history.stage_name) = lower(stages.stage_name)
    where stage_history.changed_at is not null
),

entries as (
    select
        opportunity_id,
        stage_name,
        stage_order,
        changed_at as entered_at,
        change_number
    from changes
    where previous_stage_name is null or previous_stage_name <> stage_name
),

sequenced as (
    select
        opportunity_id,
        stage_name,
        stage_order,
        entered_at,
        change_number,
        row_number() over (
            partition by opportunity_id order by change_number
        ) as spell_position,
        row_number() over (
            partition by opportunity_id, stage_name order by change_number
        ) as spell_number,
        lead(stage_name) over (partition by opportunity_id order by change_number)
            as next_stage_name,
        lead(stage_order) over (partition by opportunity_id order by change_number)
            as next_stage_order,
        lead(entered_at) over (partition by opportunity_id order by change_number)
            as exited_at
    from entries
),

final as (
    select
        sequenced.opportunity_id,
        sequenced.stage_name,
        sequenced.stage_order,
        sequenced.spell_position,
        sequenced.spell_number,
        sequenced.entered_at,
        sequenced.exited_at,
        sequenced.next_stage_name,
        {{ dbt.datediff('sequenced.entered_at', 'sequenced.exited_at', 'second') }} / cast(86400 as {{ type_double() }}) as days_in_spell,  -- noqa: LT05
        lost_stages.stage_name is not null as is_lost_stage,
        won_stages.stage_name is not null as is_won_stage,
        coalesce(
            sequenced.next_stage_order > sequenced.stage_order and next_lost.stage_name is null,
            false
        ) as is_advanced
    from sequenced
    left join lost_stages on sequenced.stage_name = lost_stages.stage_name
    left join won_stages on sequenced.stage_name = won_stages.stage_name
    left join lost_stages as next_lost on sequenced.next_stage_name = next_lost.stage_name
)

select * from final
