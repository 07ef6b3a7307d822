{#- One row per day from the first month of the data to the end of the as_of month: the
    time spine MetricFlow needs to answer metrics by metric_time. -#}

with months as (
    select * from {{ ref('int_months') }}
),

bounds as (
    select min(month) as first_day, max(next_month) as after_last_day
    from months
),

days as (
    select
        cast({{ dbt.dateadd('day', 'series.generated_number - 1', 'bounds.first_day') }} as date) as date_day
    from ({{ dbt.generate_series(8192) }}) as series
    cross join bounds
    where {{ dbt.dateadd('day', 'series.generated_number - 1', 'bounds.first_day') }}
        < bounds.after_last_day
),

final as (
    select date_day from days
)

select * from final
