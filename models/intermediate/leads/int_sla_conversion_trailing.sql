{#- Does the handoff SLA pay? Per month × channel (lead_source, 'all' for every channel):
    of the MQLs of the 12 months ending with the month (every MQL, a return after
    disqualification its own), as known at the month's end, how
    many met their SLA and how many of those became won deals, and the same for the
    breached ones. Nothing after the month's end counts: an SLA is met when the first
    sales touch came within the SLA and by the month's end, breached when the deadline
    passed before the month's end without a touch in time; a deal counts as won when its
    close_date is in or before the month. -#}
-- noqa: disable=LT02

with months as (
    select * from {{ ref('int_months') }}
),

leads as (
    select * from {{ ref('stg_crm__leads') }}
),

sla as (
    select * from {{ ref('int_leads_sla_evaluated') }}
),

opportunities as (
    select * from {{ ref('int_opportunities_converted') }}
),

month_ends as (
    select
        month,
        next_month,
        cast({{ dbt.dateadd('second', -1, 'cast(next_month as timestamp)') }} as timestamp) as month_end_at,
        cast({{ dbt.dateadd('month', -11, 'month') }} as date) as trailing_start
    from months
),

mqls as (
    select
        leads.lead_id,
        coalesce(leads.lead_source, 'unknown') as channel,
        {{ month_of('sla.mql_at') }} as mql_month,
        sla.sla_deadline_at,
        sla.first_touch_at,
        -- an earlier MQL of a lead that came back ended in disqualification, not in the deal
        sla.is_current and coalesce(opportunities.is_won, false) as is_won,
        opportunities.close_date
    from leads
    inner join sla on leads.lead_id = sla.lead_id
    left join opportunities on leads.converted_opportunity_id = opportunities.opportunity_id
),

as_of_month_end as (
    select
        month_ends.month,
        mqls.channel,
        case
            when mqls.first_touch_at <= mqls.sla_deadline_at
                and mqls.first_touch_at < cast(month_ends.next_month as timestamp) then 'met'
            when mqls.sla_deadline_at < month_ends.month_end_at then 'breached'
            else 'pending'
        end as sla_status,
        coalesce(mqls.is_won and mqls.close_date < month_ends.next_month, false) as is_won
    from month_ends
    inner join mqls
        on mqls.mql_month >= month_ends.trailing_start
        and mqls.mql_month <= month_ends.month
),

both_levels as (
    select month, channel, sla_status, is_won from as_of_month_end
    union all
    select month, 'all' as channel, sla_status, is_won from as_of_month_end
),

grouped as (
    select
        month,
        channel,
        sum(case when sla_status = 'met' then 1 else 0 end) as sla_met_mqls_12m,
        sum(case when sla_status = 'met' and is_won then 1 else 0 end) as sla_met_won_deals_12m,
        sum(case when sla_status = 'breached' then 1 else 0 end) as sla_breached_mqls_12m,
        sum(case when sla_status = 'breached' and is_won then 1 else 0 end) as sla_breached_won_deals_12m
    from both_levels
    group by month, channel
),

final as (
    select
        month,
        channel,
        sla_met_mqls_12m,
        sla_met_won_deals_12m,
        {{ safe_divide('sla_met_won_deals_12m', 'sla_met_mqls_12m') }} as sla_met_won_rate_12m,
        sla_breached_mqls_12m,
        sla_breached_won_deals_12m,
        {{ safe_divide('sla_breached_won_deals_12m', 'sla_breached_mqls_12m') }} as sla_breached_won_rate_12m
    from grouped
)

select * from final
