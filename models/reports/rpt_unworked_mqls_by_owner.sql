{#- Unworked MQLs to act on (table): per pack period × segment × region × owner, the MQLs
    of the var action_window_days days before the period's end that were still unworked at
    its end (no sales touch, not disqualified, not converted) and past their SLA deadline
    by then (var sla_hours on the SLA clock, int_sla_deadlines): owners with the most first, the var top_n of them. Older ones are in
    the unworked_mqls count but no one can act on a lead that waited for a year. -#}

with periods as (
    select * from {{ ref('int_report_periods') }}
),

unworked as (
    select * from {{ ref('int_report_unworked_mqls') }}
),

recent as (
    select
        unworked.period,
        unworked.segment as row_segment,
        unworked.region as row_region,
        unworked.owner_name,
        unworked.owner_team,
        unworked.unworked_mql_age_days
    from unworked
    inner join periods on unworked.period = periods.period
    where unworked.mql_at >= {{ dbt.dateadd('day', -var('action_window_days'), 'periods.period_end_at') }}
        and unworked.sla_deadline_at < periods.period_end_at
),

levels as (
    {{ segment_region_levels('recent') }}
),

by_owner as (
    select
        period,
        segment,
        region,
        owner_name,
        owner_team,
        count(*) as unworked_mqls_recent,
        max(unworked_mql_age_days) as oldest_unworked_mql_age_days
    from levels
    group by period, segment, region, owner_name, owner_team
),

ranked as (
    {{ rank_per_filter('by_owner', 'by_owner.unworked_mqls_recent desc, by_owner.owner_name asc') }}
),

final as (
    select
        ranked.period,
        ranked.segment,
        ranked.region,
        ranked.owner_name,
        ranked.owner_team,
        ranked.sort_order,
        ranked.unworked_mqls_recent,
        ranked.oldest_unworked_mql_age_days,
        cast({{ dbt.dateadd('day', -var('action_window_days'), 'periods.period_end_at') }} as date)
            as window_start,
        periods.period_end as window_end
    from ranked
    inner join periods on ranked.period = periods.period
    where ranked.sort_order <= {{ var('top_n') }}
)

select * from final
