{#- One row per month of the data, with the fiscal calendar (var fiscal_year_start_month:
    1 = calendar year). A fiscal year is named after the calendar year it ends in. -#}
-- noqa: disable=LT02

{%- set start_month = var('fiscal_year_start_month') | int %}

with months as (
    select * from {{ ref('int_months') }}
),

as_of as (
    select * from {{ ref('int_as_of') }}
),

numbered as (
    select
        month,
        next_month,
        cast(extract(year from month) as {{ dbt.type_int() }}) as calendar_year,
        cast(extract(month from month) as {{ dbt.type_int() }}) as month_number
    from months
),

fiscal as (
    select
        numbered.*,
        mod(numbered.month_number - {{ start_month }} + 12, 12) as months_into_fiscal_year
    from numbered
),

final as (
    select
        fiscal.month,
        cast({{ dbt.dateadd('day', -1, 'fiscal.next_month') }} as date) as month_end,
        fiscal.next_month,
        fiscal.calendar_year,
        fiscal.month_number,
        {%- if start_month == 1 %}
            fiscal.calendar_year as fiscal_year,
        {%- else %}
        case
            when fiscal.month_number >= {{ start_month }} then fiscal.calendar_year + 1
            else fiscal.calendar_year
        end as fiscal_year,
        {%- endif %}
        cast(floor(fiscal.months_into_fiscal_year / 3) as {{ dbt.type_int() }}) + 1 as fiscal_quarter,
        cast({{ dbt.dateadd('month', '-fiscal.months_into_fiscal_year', 'fiscal.month') }} as date)
            as fiscal_year_start,
        cast({{ dbt.dateadd('month', '-mod(fiscal.months_into_fiscal_year, 3)', 'fiscal.month') }} as date)
            as fiscal_quarter_start,
        fiscal.next_month <= cast(as_of.as_of_at as date)
        or (fiscal.next_month = {{ dbt.dateadd('day', 1, 'as_of.as_of_date') }}) as is_complete
    from fiscal
    cross join as_of
)

select * from final
