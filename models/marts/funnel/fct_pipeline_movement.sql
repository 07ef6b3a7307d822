{#- A month's pipeline movement per segment × region, in USD at each deal's created-month
    rate: open at start + created + amount changes - won - lost = open at end. The balance
    is checked by tests/marts/assert_pipeline_movement_balances.sql. -#}

with months as (
    select * from {{ ref('int_months') }}
),

opportunities as (
    select * from {{ ref('int_opportunities_converted') }}
),

amount_events as (
    select * from {{ ref('int_opportunity_amount_events') }}
),

snapshots as (
    select * from {{ ref('int_opportunity_month_snapshots') }}
),

flows as (
    select
        amount_events.event_month as month,
        opportunities.segment,
        opportunities.region,
        sum(case when amount_events.event_type = 'created' then amount_events.amount_usd else 0 end)
            as created_usd,
        sum(case when amount_events.event_type <> 'created' then amount_events.amount_delta_usd else 0 end)
            as amount_changes_usd,
        sum(case when amount_events.event_type = 'won' then amount_events.amount_usd else 0 end)
            as won_usd,
        sum(case when amount_events.event_type = 'lost' then amount_events.amount_usd else 0 end)
            as lost_usd
    from amount_events
    inner join opportunities on amount_events.opportunity_id = opportunities.opportunity_id
    group by amount_events.event_month, opportunities.segment, opportunities.region
),

open_at_end as (
    select month, segment, region, sum(open_amount_usd) as open_usd
    from snapshots
    group by month, segment, region
),

cells as (
    select month, segment, region from flows
    union
    select month, segment, region from open_at_end
),

final as (
    select
        cells.month,
        cells.segment,
        cells.region,
        coalesce(previous.open_usd, 0) as open_at_start_usd,
        coalesce(flows.created_usd, 0) as created_usd,
        coalesce(flows.amount_changes_usd, 0) as amount_changes_usd,
        coalesce(flows.won_usd, 0) as won_usd,
        coalesce(flows.lost_usd, 0) as lost_usd,
        coalesce(current_month.open_usd, 0) as open_at_end_usd
    from cells
    inner join months on cells.month = months.month
    left join flows
        on cells.month = flows.month
        and cells.segment = flows.segment
        and cells.region = flows.region
    left join open_at_end as current_month
        on cells.month = current_month.month
        and cells.segment = current_month.segment
        and cells.region = current_month.region
    left join open_at_end as previous
        on cells.month = cast({{ dbt.dateadd('month', 1, 'previous.month') }} as date)
        and cells.segment = previous.segment
        and cells.region = previous.region
)

select * from final
