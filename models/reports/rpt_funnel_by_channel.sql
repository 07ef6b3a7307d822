{#- The funnel by channel: per pack period × segment × region × channel (lead_source),
    leads created, MQLs and SQLs in the period, and of the period's MQLs those that
    reached SQL to date with the rate; is_best_converter marks the channel with the
    highest rate among those with at least var min_sample_size MQLs. -#}

with periods as (
    select * from {{ ref('int_report_periods') }}
),

leads as (
    select * from {{ ref('fct_leads') }}
),

mql_events as (
    select * from {{ ref('fct_mql_events') }}
),

events as (
    select lead_source as channel, segment, region, created_month as month, 'leads_created' as measure
    from leads
    union all
    select lead_source as channel, segment, region, mql_month as month, 'mqls' as measure
    from mql_events
    union all
    select lead_source as channel, segment, region, {{ month_of('sql_at') }} as month, 'sqls' as measure
    from leads
    where sql_at is not null
    union all
    select lead_source as channel, segment, region, mql_month as month, 'mqls_with_sql' as measure
    from leads
    where mql_at is not null and sql_at is not null
),

in_periods as (
    select
        periods.period,
        events.channel,
        events.segment,
        events.region,
        events.measure
    from periods
    inner join events on periods.period = events.month
),

cubed as (
    {{ segment_region_cube('in_periods', ['period', 'channel'], [
        ['leads_created', "sum(case when measure = 'leads_created' then 1 else 0 end)"],
        ['mqls', "sum(case when measure = 'mqls' then 1 else 0 end)"],
        ['sqls', "sum(case when measure = 'sqls' then 1 else 0 end)"],
        ['mqls_with_sql', "sum(case when measure = 'mqls_with_sql' then 1 else 0 end)"],
    ]) }}
),

rated as (
    select
        cubed.*,
        {{ safe_divide('mqls_with_sql', 'mqls') }} as mql_to_sql_rate,
        {{ is_small_sample('mqls') }} as is_small_sample
    from cubed
),

ranked as (
    select
        rated.*,
        row_number() over (
            partition by rated.period, rated.segment, rated.region
            order by rated.mqls desc, rated.channel asc
        ) as sort_order,
        row_number() over (
            partition by rated.period, rated.segment, rated.region
            order by
                case when rated.is_small_sample or rated.mql_to_sql_rate is null then 1 else 0 end asc,
                rated.mql_to_sql_rate desc,
                rated.channel asc
        ) as conversion_rank
    from rated
),

final as (
    select
        ranked.period,
        ranked.segment,
        ranked.region,
        ranked.channel,
        ranked.sort_order,
        ranked.leads_created,
        ranked.mqls,
        ranked.sqls,
        ranked.mqls_with_sql,
        ranked.mql_to_sql_rate,
        ranked.is_small_sample,
        ranked.conversion_rank = 1 and not ranked.is_small_sample and ranked.mql_to_sql_rate is not null
            as is_best_converter,
        periods.period_start as window_start,
        periods.period_end as window_end
    from ranked
    inner join periods on ranked.period = periods.period
)

select * from final
