{#- MQL cohort curves (chart): per period × segment × region × cohort (the six months of
    MQLs ending with the period) × days after MQL (var cohort_days): the shares of the
    cohort's MQLs at SQL, at opportunity and won within that many days, to date, and
    whether the cohort is mature at that many days (immature: its shares can still rise). -#}

with periods as (
    select * from {{ ref('int_report_periods') }}
),

cohorts as (
    select * from {{ ref('fct_mql_cohorts') }}
),

in_periods as (
    select
        periods.period,
        cohorts.*
    from periods
    inner join cohorts
        on cohorts.mql_month > cast({{ dbt.dateadd('month', -6, 'periods.period') }} as date)
        and cohorts.mql_month <= periods.period
),

cube as (
    {{ segment_region_cube('in_periods', ['period', 'mql_month', 'days_after_mql'], [
        ['cohort_mqls', 'sum(mqls)'],
        ['reached_sql', 'sum(reached_sql)'],
        ['reached_opportunity', 'sum(reached_opportunity)'],
        ['reached_won', 'sum(reached_won)'],
        ['is_mature', "min(case when is_mature then 1 else 0 end) = 1"],
    ]) }}
),

final as (
    select
        cube.period,
        cube.segment,
        cube.region,
        cube.mql_month,
        cube.days_after_mql,
        cube.cohort_mqls,
        {{ safe_divide('cube.reached_sql', 'cube.cohort_mqls') }} as cohort_sql_share,
        {{ safe_divide('cube.reached_opportunity', 'cube.cohort_mqls') }} as cohort_opportunity_share,
        {{ safe_divide('cube.reached_won', 'cube.cohort_mqls') }} as cohort_won_share,
        cube.is_mature,
        {{ is_small_sample('cube.cohort_mqls') }} as is_small_sample,
        cube.mql_month as window_start,
        periods.period_end as window_end
    from cube
    inner join periods on cube.period = periods.period
)

select * from final
