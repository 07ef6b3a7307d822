{#- One row per metric (SPEC §6): the glossary, generated from the `metrics` meta of the
    marts' YAML that the metric SQL itself reads, so definitions and code cannot drift. -#}

{%- set documented = [] %}
{%- for model_name in ['kpi_monthly', 'kpi_revenue_to_date', 'kpi_market_share'] %}
    {%- for metric in kpi_metric_definitions(model_name) %}
        {%- do documented.append((model_name, metric)) %}
    {%- endfor %}
{%- endfor %}

with definitions as (
    {%- if documented | length == 0 %}
    select
        cast(null as {{ dbt.type_string() }}) as metric,
        cast(null as {{ dbt.type_string() }}) as label,
        cast(null as {{ dbt.type_string() }}) as unit,
        cast(null as {{ dbt.type_boolean() }}) as higher_is_better,
        cast(null as {{ dbt.type_string() }}) as definition,
        cast(null as {{ dbt.type_string() }}) as source_model,
        cast(null as {{ dbt.type_int() }}) as sort_order
    where 1 = 0
    {%- endif %}
    {%- for model_name, metric in documented %}
    select
        '{{ metric.metric }}' as metric,
        '{{ metric.label | replace("'", "''") }}' as label,
        '{{ metric.unit }}' as unit,
        {{ 'true' if metric.higher_is_better else 'false' }} as higher_is_better,
        '{{ metric.definition | trim | replace("'", "''") }}' as definition,
        '{{ model_name }}' as source_model,
        {{ loop.index }} as sort_order
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

final as (
    select
        metric,
        label,
        unit,
        higher_is_better,
        definition,
        source_model,
        sort_order
    from definitions
)

select * from final
