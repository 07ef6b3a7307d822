{#- One row per valid value of each pack parameter: period (a complete month with leads
    or opportunities created), comparison, segment, region and attribution model (var
    attribution_models). The pack checks its parameters against this list. -#}

with periods as (
    select * from {{ ref('int_report_periods') }}
),

filters as (
    select * from {{ ref('int_report_filters') }}
),

values_found as (
    select
        'period' as parameter,
        cast(period as {{ dbt.type_string() }}) as parameter_value,
        row_number() over (order by period) as sort_order
    from periods
    union all
    select
        'segment' as parameter,
        segment as parameter_value,
        row_number() over (order by case when segment = 'all' then 0 else 1 end, segment) as sort_order
    from (select distinct segment from filters) as segments
    union all
    select
        'region' as parameter,
        region as parameter_value,
        row_number() over (order by case when region = 'all' then 0 else 1 end, region) as sort_order
    from (select distinct region from filters) as regions
    union all
    select 'comparison' as parameter, 'prior_period' as parameter_value, 1 as sort_order
    union all
    select 'comparison' as parameter, 'prior_year' as parameter_value, 2 as sort_order
    {%- for model in var('attribution_models') %}
    union all
    select 'model' as parameter, '{{ model }}' as parameter_value, {{ loop.index }} as sort_order
    {%- endfor %}
),

final as (
    select parameter, parameter_value, sort_order
    from values_found
)

select * from final
