{#- One row per setting the meeting pack shows or uses: the vars the numbers were built
    with and as_of, so the pack states its own definitions. -#}

with as_of as (
    select * from {{ ref('int_as_of') }}
),

settings as (
    select 'as_of' as setting, cast(as_of_at as {{ dbt.type_string() }}) as value from as_of
    union all
    select 'sla_hours' as setting, '{{ var("sla_hours") }}' as value
    union all
    select 'lookback_days' as setting, '{{ var("lookback_days") }}' as value
    union all
    select 'half_life_days' as setting, '{{ var("half_life_days") }}' as value
    union all
    select 'reporting_currency' as setting, '{{ var("reporting_currency") }}' as value
    union all
    select 'fiscal_year_start_month' as setting, '{{ var("fiscal_year_start_month") }}' as value
    union all
    select 'on_track_threshold' as setting, '{{ var("on_track_threshold") }}' as value
    union all
    select 'marketing_channels' as setting, '{{ var("marketing_channels") | join(", ") }}' as value
),

final as (
    select setting, value from settings
)

select * from final
