{#- One row per month from the first month of the data to the end of the fiscal year
    that holds as_of (so a quarter's or year's target includes its months after as_of),
    with the fiscal calendar (var fiscal_year_start_month: 1 = calendar year). A fiscal
    year is named after the calendar year it ends in. is_reported: the month is one
    kpi_monthly reports (up to the as_of month). -#}
-- noqa: disable=LT02

{%- set start_month = var('fiscal_year_start_month') | int %}

with months as (
    select * from {{ ref('int_months') }}
),

as_of as (
    select * from {{ ref('int_as_of') }}
),

spine as (
    {{ month_spine(
        '(select min(month) from months)',
        dbt.dateadd('month', 11, '(select as_of_month from as_of)')
    ) }}
),

numbered as (
    select
        month,
        cast({{ dbt.dateadd('month', 1, 'month') }} as date) as next_month,
        cast(extract(year from month) as {{ dbt.type_int() }}) as calendar_year,
        cast(extract(month from month) as {{ dbt.type_int() }}) as month_number
    from spine
),

fiscal as (
    select
        numbered.*,
        mod(numbered.month_number - {{ start_month }} + 12, 12) as months_into_fiscal_year
    from numbered
),

calendar as (
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
        or (fiscal.next_month = {{ dbt.dateadd('day', 1, 'as_of.as_of_date') }}) as is_complete,
        fiscal.month <= as_of.as_of_month as is_reported
    from fiscal
    cross join as_of
),

as_of_fiscal_year as (
    select calendar.fiscal_year
    from calendar
    cross join as_of
    where calendar.month = as_of.as_of_month
),

final as (
    select
        calendar.*,
        cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 3, 'calendar.fiscal_quarter_start')) }} as date)
            as fiscal_quarter_end,
        cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 12, 'calendar.fiscal_year_start')) }} as date)
            as fiscal_year_end
    from calendar
    cross join as_of_fiscal_year
    where calendar.fiscal_year <= as_of_fiscal_year.fiscal_year
)

select * from final
