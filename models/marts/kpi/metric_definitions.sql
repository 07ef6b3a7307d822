{#- One row per metric (the glossary): the glossary, generated from the `metrics` meta of every
    model's YAML (kpi_monthly first). The metric SQL reads the same lists, so definitions
    and code cannot drift. -#}

{%- set documented = documented_metrics() %}

with definitions as (
    {%- if documented | length == 0 %}
    select
        cast(null as {{ dbt.type_string() }}) as metric,
        cast(null as {{ dbt.type_string() }}) as label,
        cast(null as {{ dbt.type_string() }}) as unit,
        cast(null as {{ dbt.type_boolean() }}) as higher_is_better,
        cast(null as {{ dbt.type_string() }}) as basis,
        cast(null as {{ dbt.type_string() }}) as definition,
        cast(null as {{ dbt.type_string() }}) as owner_team,
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
        '{{ metric.get('basis', 'period') }}' as basis,
        '{{ metric.definition | trim | replace("'", "''") }}' as definition,
        {{ "'" ~ metric.owner ~ "'" if metric.get('owner') else 'cast(null as ' ~ dbt.type_string() ~ ')' }}
            as owner_team,
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
        basis,
        definition,
        owner_team,
        source_model,
        sort_order
    from definitions
)

select * from final
