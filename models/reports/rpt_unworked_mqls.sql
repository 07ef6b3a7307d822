{#- Unworked MQLs at the pack period's end (sentence), company-wide: MQLs with no sales
    touch by then that were neither disqualified nor converted by then. -#}

with periods as (
    select * from {{ ref('int_report_periods') }}
),

unworked as (
    select * from {{ ref('int_report_unworked_mqls') }}
),

counted as (
    select period, count(*) as unworked_mqls
    from unworked
    group by period
),

final as (
    select
        periods.period,
        'all' as segment,
        'all' as region,
        coalesce(counted.unworked_mqls, 0) as unworked_mqls,
        periods.period_end as window_start,
        periods.period_end as window_end
    from periods
    left join counted on periods.period = counted.period
)

select * from final
