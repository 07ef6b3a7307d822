{#- Each pack period with each comparison it offers: the prior month (prior_period) and
    the same month a year before (prior_year), with the comparison month's first and last
    day. -#}

with periods as (
    select * from {{ ref('int_report_periods') }}
),

comparisons as (
    select
        period,
        period_start,
        period_end,
        'prior_period' as comparison,
        prior_period_month as comparison_month
    from periods
    union all
    select
        period,
        period_start,
        period_end,
        'prior_year' as comparison,
        prior_year_month as comparison_month
    from periods
),

final as (
    select
        period,
        period_start,
        period_end,
        comparison,
        comparison_month,
        cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 1, 'comparison_month')) }} as date)
            as comparison_end
    from comparisons
)

select * from final
