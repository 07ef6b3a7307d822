{#- One row per setting the meeting pack shows or uses: the vars the numbers were built
    with and as_of, so the pack states its own definitions. -#}

{%- set shown_vars = ['sla_hours', 'lookback_days', 'half_life_days', 'reporting_currency',
                      'fiscal_year_start_month', 'on_track_threshold', 'marketing_channels'] %}

with as_of as (
    select * from {{ ref('int_as_of') }}
),

settings as (
    select 'as_of' as setting, cast(as_of_at as {{ dbt.type_string() }}) as value from as_of
    {%- for name in shown_vars %}
    {%- set value = var(name) %}
    union all
    select
        '{{ name }}' as setting,
        '{{ value | join(", ") if value is iterable and value is not string else value }}' as value
    {%- endfor %}
),

final as (
    select setting, value from settings
)

select * from final
