{#- One row per opportunity stage: var opportunity_stages in pipeline order, then any
    other stage found in the data (sorted by name, after the listed ones), with its default
    win probability and forecast category (vars stage_probabilities, stage_forecast_categories:
    what a deal in the stage counts as where the CRM kept no history of those fields). Models
    and the pack read stage order from here. -#}

{%- set stages = var('opportunity_stages') %}
{%- set probabilities = var('stage_probabilities') or {} %}
{%- set categories = var('stage_forecast_categories') or {} %}
{%- for stage, probability in probabilities.items()
      if probability is not number or probability < 0 or probability > 100 %}
    {{ exceptions.raise_compiler_error("var stage_probabilities: '" ~ stage ~ "' has " ~ probability
        ~ "; give each stage a percentage from 0 to 100, e.g. {Proposal: 50}") }}
{%- endfor %}
{%- for stage, category in categories.items()
      if category not in ['commit', 'best_case', 'pipeline', 'omitted', 'closed'] %}
    {{ exceptions.raise_compiler_error("var stage_forecast_categories: '" ~ stage ~ "' has " ~ category
        ~ "; use commit, best_case, pipeline, omitted or closed") }}
{%- endfor %}

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

stages as (
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
),

final as (
    select
        stage_name,
        stage_order,
        is_configured,
        {%- if not probabilities %}
        cast(null as {{ type_double() }}) as default_probability,
        {%- else %}
        case lower(stage_name)
            {%- for stage, probability in probabilities.items() %}
            when '{{ stage | lower }}' then cast({{ probability }} as {{ type_double() }})
            {%- endfor %}
            else cast(null as {{ type_double() }})
        end as default_probability,
        {%- endif %}
        {%- if not categories %}
        cast(null as {{ dbt.type_string() }}) as default_forecast_category
        {%- else %}
        case lower(stage_name)
            {%- for stage, category in categories.items() %}
            when '{{ stage | lower }}' then '{{ category }}'
            {%- endfor %}
            else cast(null as {{ dbt.type_string() }})
        end as default_forecast_category
        {%- endif %}
    from stages
)

select * from final
