{#- One row per calendar month from the first month with activity in the data to the
    as_of month: the months kpi_monthly reports. -#}

with leads as (
    select * from {{ ref('stg_crm__leads') }}
),

opportunities as (
    select * from {{ ref('stg_crm__opportunities') }}
),

campaigns as (
    select * from {{ ref('stg_crm__campaigns') }}
),

as_of as (
    select * from {{ ref('int_as_of') }}
),

first_activity as (
    select min(first_at) as first_at
    from (
        select min(created_at) as first_at from leads
        union all
        select min(created_at) from opportunities
        union all
        select min(cast(close_date as timestamp)) from opportunities
        where is_closed
        union all
        select min(cast(start_date as timestamp)) from campaigns
    ) as firsts
),

spine as (
    {{ month_spine(
        '(select first_at from first_activity)',
        '(select as_of_at from as_of)'
    ) }}
),

final as (
    select
        month,
        cast({{ dbt.dateadd('month', 1, 'month') }} as date) as next_month
    from spine
)

select * from final
