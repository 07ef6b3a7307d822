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
        cast({{ dbt.dateadd('day', '7 * (week_numbers.week_of_quarter - 1)', 'quarters.fiscal_quarter_start') }} as date)
            as week_start,
        case
            when week_numbers.week_of_quarter = 13 then quarters.fiscal_quarter_end
            else cast({{ dbt.dateadd('day', '7 * week_numbers.week_of_quarter - 1', 'quarters.fiscal_quarter_start') }} as date)
        end as week_end
    from quarters
    cross join week_numbers
),

final as (
    select
        fiscal_quarter_start,
        fiscal_quarter_end,
        week_of_quarter,
        week_start,
        week_end,
        cast({{ dbt.dateadd('day', 1, 'week_end') }} as timestamp) as snapshot_at
    from weeks
    where week_start <= (select max(month_end) from months where is_reported)
)

select * from final
