{#- The oldest unworked MQLs at the pack period's end (table), company-wide: the var
    top_n longest-waiting, with owner, team, channel and days waited by the period's
    end. -#}

with periods as (
    select * from {{ ref('int_report_periods') }}
),

unworked as (
    select * from {{ ref('int_report_unworked_mqls') }}
),

ranked as (
    select
        unworked.*,
        row_number() over (
            partition by unworked.period
            order by unworked.mql_at, unworked.lead_id
        ) as sort_order
    from unworked
),

final as (
    select
        ranked.period,
        'all' as segment,
        'all' as region,
        ranked.lead_id,
        ranked.company,
        ranked.owner_name,
        ranked.owner_team,
        ranked.channel,
        ranked.sort_order,
        ranked.unworked_mql_age_days,
        periods.period_end as window_start,
        periods.period_end as window_end
    from ranked
    inner join periods on ranked.period = periods.period
    where ranked.sort_order <= {{ var('top_n') }}
)

select * from final
