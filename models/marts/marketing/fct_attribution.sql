{#- One row per opportunity × touchpoint × attribution model (metric definitions, glossary). Each
    opportunity's weights sum to 1 in every model; opportunities without touchpoints have
    no rows. attributed_pipeline = weight × pipeline (USD, created month's rate);
    attributed_revenue = weight × won revenue (USD, close month's rate; 0 unless won).
    An incremental build computes again only the opportunities whose inputs, amounts,
    dates, segment or region changed (macros/incremental.sql). -#}
-- noqa: disable=LT02

{#- a stored row stands when its opportunity's fingerprint and every value it copied or
    multiplied from fct_opportunities are today's -#}
{%- set stale_check -%}
{% raw %}{{ stale_opportunity_rows(extra=ref('fct_opportunities'), also_current=[
    'stored.attributed_pipeline is not distinct from stored.weight * extra.pipeline_amount_usd',
    'stored.attributed_revenue is not distinct from stored.weight * coalesce(extra.won_amount_usd, 0)',
    'stored.opportunity_created_at is not distinct from extra.created_at',
    'stored.created_month is not distinct from extra.created_month',
    'stored.close_date is not distinct from extra.close_date',
    'stored.close_month is not distinct from extra.close_month',
    'stored.is_won is not distinct from extra.is_won',
    'stored.segment is not distinct from extra.segment',
    'stored.region is not distinct from extra.region',
]) }}{% endraw %}
{%- endset %}

{{ config(
    materialized=event_stream_materialization(),
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook=stale_check,
) }}

{%- set first = var('u_shaped_first_weight') %}
{%- set last = var('u_shaped_last_weight') %}
{%- set key = var('w_shaped_key_weight') %}
{%- set weights = {
    'first_touch': 'case when touch_position = 1 then 1.0 else 0.0 end',
    'last_touch': 'case when touch_position = touch_count then 1.0 else 0.0 end',
    'linear': '1.0 / touch_count',
    'u_shaped': 'case
            when touch_count = 1 then 1.0
            when touch_count = 2 then 0.5
            when touch_position = 1 then ' ~ first ~ '
            when touch_position = touch_count then ' ~ last ~ '
            else (1.0 - ' ~ first ~ ' - ' ~ last ~ ') / (touch_count - 2)
        end',
    'w_shaped': 'case
            when touch_count <= 3 then 1.0 / touch_count
            when touch_position in (1, w_key_position, touch_count) then ' ~ key ~ '
            else (1.0 - 3 * ' ~ key ~ ') / (touch_count - 3)
        end',
    'time_decay': 'decay / sum(decay) over (partition by opportunity_id)',
} %}

-- depends_on: {{ ref('int_opportunity_attribution_inputs') }} (the stale check)

with touchpoints as (
    select * from {{ ref('int_opportunity_touchpoints_ranked') }} as touchpoint_rows
    {{ opportunities_to_compute('touchpoint_rows') }}
),

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

prepared as (
    select
        touchpoints.*,
        case
            when touchpoints.lead_creation_position is null
                or touchpoints.lead_creation_position in (1, touchpoints.touch_count)
                then cast(ceiling(touchpoints.touch_count / cast(2 as {{ type_double() }})) as {{ dbt.type_int() }})
            else touchpoints.lead_creation_position
        end as w_key_position,
        -- relative to the latest touch (weight 1), so no sum underflows; normalising
        -- makes it the same as counting back from created_at
        power(
            0.5,
            (
                touchpoints.days_before_creation
                - min(touchpoints.days_before_creation) over (partition by touchpoints.opportunity_id)
            ) / {{ var('half_life_days') }}
        ) as decay
    from touchpoints
),

weighted as (
    {%- for model in var('attribution_models') %}
    {%- if model not in weights %}
        {{ exceptions.raise_compiler_error("var attribution_models: '" ~ model ~ "' is not a model fct_attribution knows; valid: " ~ (weights.keys() | join(', '))) }}
    {%- endif %}
    {%- set expression = weights[model] %}
    select
        opportunity_id,
        member_id,
        campaign_id,
        channel,
        '{{ model }}' as model,
        touch_position,
        touch_count,
        responded_at,
        inputs_hash,
        cast({{ expression }} as {{ type_double() }}) as weight
    from prepared
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

final as (
    select
        {{ dbt.concat(["weighted.opportunity_id", "'|'", "weighted.member_id", "'|'", "weighted.model"]) }}
            as attribution_key,
        weighted.opportunity_id,
        weighted.member_id,
        weighted.campaign_id,
        weighted.channel,
        weighted.model,
        weighted.touch_position,
        weighted.weight,
        weighted.weight * opportunities.pipeline_amount_usd as attributed_pipeline,
        weighted.weight * coalesce(opportunities.won_amount_usd, 0) as attributed_revenue,
        weighted.touch_count,
        weighted.responded_at,
        weighted.inputs_hash,
        opportunities.created_at as opportunity_created_at,
        opportunities.created_month,
        opportunities.close_date,
        opportunities.close_month,
        opportunities.is_won,
        opportunities.segment,
        opportunities.region
    from weighted
    inner join opportunities on weighted.opportunity_id = opportunities.opportunity_id
)

select * from final
