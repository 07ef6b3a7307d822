{#- The first day of the calendar month of a timestamp or date, as a date. -#}
{% macro month_of(expr) -%}
    cast({{ dbt.date_trunc('month', expr) }} as date)
{%- endmacro %}


{#- n / d, null when d is zero or null (the metric definitions: never zero, never an error). -#}
{% macro safe_divide(numerator, denominator) -%}
    (cast({{ numerator }} as {{ type_double() }}) / nullif({{ denominator }}, 0))
{%- endmacro %}


{#- Hours between two timestamps, to the second. A double divisor: Spark would divide by a
    decimal literal to six places. -#}
{% macro hours_between(start_ts, end_ts) -%}
    ({{ dbt.datediff(start_ts, end_ts, 'second') }} / cast(3600 as {{ type_double() }}))
{%- endmacro %}


{#- The as_of instant: the `as_of` var when set, else the latest timestamp in the data
    (computed in int_as_of). -#}
{% macro as_of_literal() -%}
    {%- if var('as_of') is not none -%}
        cast('{{ var("as_of") }}' as timestamp)
    {%- else -%}
        null
    {%- endif -%}
{%- endmacro %}


{% macro sql_list(values) -%}
    ({%- for value in values -%}'{{ value }}'{{ ", " if not loop.last }}{%- endfor -%})
{%- endmacro %}


{#- Months from the month of start_expr to the month of end_expr, as `month` (date, first
    day). Both bounds are SQL expressions (scalar subqueries are fine); up to 100 years. -#}
{% macro month_spine(start_expr, end_expr) -%}
    select
        cast({{ dbt.dateadd('month', 'series.generated_number - 1', 'bounds.first_month') }} as date)
            as month
    from ({{ dbt.generate_series(1200) }}) as series
    cross join (
        select
            {{ month_of(start_expr) }} as first_month,
            {{ month_of(end_expr) }} as last_month
    ) as bounds
    where {{ dbt.dateadd('month', 'series.generated_number - 1', 'bounds.first_month') }}
        <= bounds.last_month
{%- endmacro %}


{#- The median of an expression, as an aggregate. -#}
{% macro median(expr) -%}
    {{ return(adapter.dispatch('median', 'shared_funnel')(expr)) }}
{%- endmacro %}

{% macro default__median(expr) -%}
    percentile_cont(0.5) within group (order by {{ expr }})
{%- endmacro %}

{% macro spark__median(expr) -%}
    percentile({{ expr }}, 0.5)
{%- endmacro %}
