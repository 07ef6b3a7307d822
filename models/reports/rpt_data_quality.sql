{#- The cover's data-quality counts: raw rows rejected, superseded and kept but flagged,
    per source table × rule, with per-table totals (rule 'all') and the overall total
    (source_table = rule = 'all'). They describe the whole warehouse as of as_of. -#}

with rejected as (
    select * from {{ ref('rejected_rows') }}
),

superseded as (
    select * from {{ ref('superseded_rows') }}
),

flagged as (
    select * from {{ ref('data_quality_issues') }}
),

as_of as (
    select * from {{ ref('int_as_of') }}
),

months as (
    select * from {{ ref('dim_months') }}
),

outcomes as (
    select source_table, rule, 'rejected' as outcome from rejected
    union all
    select source_table, 'superseded' as rule, 'superseded' as outcome from superseded
    union all
    select source_table, rule, 'flagged' as outcome from flagged
),

levels as (
    select source_table, rule, outcome from outcomes
    union all
    select source_table, 'all' as rule, outcome from outcomes
    union all
    select 'all' as source_table, 'all' as rule, outcome from outcomes
),

counted as (
    select
        source_table,
        rule,
        sum(case when outcome = 'rejected' then 1 else 0 end) as rejected_rows,
        sum(case when outcome = 'superseded' then 1 else 0 end) as superseded_rows,
        sum(case when outcome = 'flagged' then 1 else 0 end) as flagged_rows
    from levels
    group by source_table, rule
),

total as (
    select 'all' as source_table, 'all' as rule
),

final as (
    select
        total.source_table,
        total.rule,
        coalesce(counted.rejected_rows, 0) as rejected_rows,
        coalesce(counted.superseded_rows, 0) as superseded_rows,
        coalesce(counted.flagged_rows, 0) as flagged_rows,
        'all/all' as source_table_rule,
        false as is_detail,
        'all' as segment,
        'all' as region,
        (select min(months.month) from months) as window_start,
        as_of.as_of_date as window_end,
        0 as sort_order
    from total
    cross join as_of
    left join counted
        on total.source_table = counted.source_table
        and total.rule = counted.rule
    union all
    select
        counted.source_table,
        counted.rule,
        counted.rejected_rows,
        counted.superseded_rows,
        counted.flagged_rows,
        {{ dbt.concat(['counted.source_table', "'/'", 'counted.rule']) }} as source_table_rule,
        counted.rule <> 'all' and counted.rule <> 'superseded' as is_detail,
        'all' as segment,
        'all' as region,
        (select min(months.month) from months) as window_start,
        as_of.as_of_date as window_end,
        row_number() over (
            order by counted.source_table, case when counted.rule = 'all' then 0 else 1 end, counted.rule
        ) as sort_order
    from counted
    cross join as_of
    where counted.source_table <> 'all'
)

select * from final
