{#- One row per opportunity stage: var opportunity_stages in pipeline order, then any
    other stage found in the data (sorted by name, after the listed ones). Models and the
    pack read stage order from here. -#}

{%- set stages = var('opportunity_stages') %}

with opportunities as (
    select * from {{ ref('stg_crm__opportunities') }}
),

stage_history as (
    select * from {{ ref('stg_crm__opportunity_stage_history') }}
),

configured as (
    {%- for stage in stages %}
    select
        '{{ stage }}' as stage_name,
        {{ loop.index }} as stage_order
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

found as (
    select stage_name from opportunities
    where stage_name is not null
    union
    select stage_name from stage_history
    where stage_name is not null
),

unlisted as (
    select
        found.stage_name,
        {{ stages | length }} + row_number() over (order by found.stage_name) as stage_order
    from found
    left join configured on lower(found.stage_name) = lower(configured.stage_name)
    where configured.stage_name is null
),

final as (
    select
        stage_name,
        stage_order,
        true as is_configured
    from configured
    union all
    select
        stage_name,
        stage_order,
        false as is_configured
    from unlisted
)

select * from final
