{#- The weeks of every fiscal quarter up to the as_of month: week 1 is the quarter's first
    seven days, and week 13 runs to the quarter's last day (so it has 7 to 10 days). A
    week's snapshot is taken at its end: snapshot_at is the first moment after week_end. -#}

with months as (
    select * from {{ ref('dim_months') }}
),

quarters as (
    select distinct
        fiscal_quarter_start,
        fiscal_quarter_end
    from months
    where is_reported
),

last_reported as (
    select max(month_end) as last_day
    from months
    where is_reported
),

week_numbers as (
    {%- for week in range(1, 14) %}
    select {{ week }} as week_of_quarter
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

weeks as (
    select
        quarters.fiscal_quarter_start,
        quarters.fiscal_quarter_end,
        week_numbers.week_of_quarter,
        {%- set first_day = '7 * (week_numbers.week_of_quarter - 1)' %}
        {%- set last_day = '7 * week_numbers.week_of_quarter - 1' %}
        cast({{ dbt.dateadd('day', first_day, 'quarters.fiscal_quarter_start') }} as date) as week_start,
        case
            when week_numbers.week_of_quarter = 13 then quarters.fiscal_quarter_end
            else cast({{ dbt.dateadd('day', last_day, 'quarters.fiscal_quarter_start') }} as date)
        end as week_end
    from quarters
    cross join week_numbers
),

final as (
    select
        weeks.fiscal_quarter_start,
        weeks.fiscal_quarter_end,
        weeks.week_of_quarter,
        weeks.week_start,
        weeks.week_end,
        cast({{ dbt.dateadd('day', 1, 'weeks.week_end') }} as timestamp) as snapshot_at
    from weeks
    cross join last_reported
    where weeks.week_start <= last_reported.last_day
)

select * from final
