{#- One row per opportunity × stage it entered (every stage in its stage history, in
    dim_opportunity_stages order): when it first entered and last left it, how often it
    entered it, the days it spent there over its finished spells, whether it advanced from
    it (on to a later stage that is not a lost one), and for the stage an open deal is in
    at as_of, the days since it entered and whether that is longer than the stage's var
    stuck_stage_days (else stuck_days_default). -#}

{%- set stuck_days = var('stuck_stage_days') or {} %}
{%- for stage, days in stuck_days.items() if days is not number or days < 0 %}
    {{ exceptions.raise_compiler_error("var stuck_stage_days: '" ~ stage ~ "' has " ~ days ~ "; give each stage a number of days (0 or more), e.g. {Proposal: 45}") }}
{%- endfor %}
{%- if var('stuck_days_default') is not number or var('stuck_days_default') < 0 %}
    {{ exceptions.raise_compiler_error("var stuck_days_default: " ~ var('stuck_days_default') ~ " is not a number of days (0 or more)") }}
{%- endif %}

with spells as (
    select * from {{ ref('int_opportunity_stage_spells') }}
),

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

as_of as (
    select * from {{ ref('int_as_of') }}
),

per_stage as (
    select
        opportunity_id,
        stage_name,
        stage_order,
        count(*) as times_entered,
        min(entered_at) as first_entered_at,
        max(exited_at) as last_exited_at,
        sum(days_in_spell) as days_in_stage,
        max(case when is_advanced then 1 else 0 end) = 1 as is_advanced,
        max(case when exited_at is null then 1 else 0 end) = 1 as is_current_stage,
        max(case when exited_at is null then entered_at end) as current_spell_entered_at,
        max(case when is_lost_stage or is_won_stage then 1 else 0 end) = 1 as is_closed_stage
    from spells
    group by opportunity_id, stage_name, stage_order
),

current_spells as (
    select
        per_stage.*,
        case
            when per_stage.is_current_stage and not per_stage.is_closed_stage
                then {{ dbt.datediff('per_stage.current_spell_entered_at', 'as_of.as_of_at', 'second') }}
                    / cast(86400 as {{ type_double() }})
        end as days_in_current_stage,
        case lower(per_stage.stage_name)
            {%- for stage, days in stuck_days.items() %}
            when '{{ stage | lower | replace("'", "''") }}' then {{ days | int }}
            {%- endfor %}
            else {{ var('stuck_days_default') | int }}
        end as stuck_after_days
    from per_stage
    cross join as_of
),

final as (
    select
        current_spells.opportunity_id,
        current_spells.stage_name,
        current_spells.stage_order,
        opportunities.segment,
        opportunities.region,
        opportunities.lead_source,
        opportunities.owner_id,
        current_spells.first_entered_at,
        {{ month_of('current_spells.first_entered_at') }} as entered_month,
        current_spells.last_exited_at,
        current_spells.times_entered,
        current_spells.days_in_stage,
        current_spells.is_advanced,
        current_spells.is_current_stage,
        current_spells.is_closed_stage,
        current_spells.days_in_current_stage,
        current_spells.stuck_after_days,
        coalesce(
            not opportunities.is_closed
            and current_spells.days_in_current_stage > current_spells.stuck_after_days,
            false
        ) as is_stuck
    from current_spells
    inner join opportunities on current_spells.opportunity_id = opportunities.opportunity_id
)

select * from final
