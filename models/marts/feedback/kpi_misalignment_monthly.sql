{#- The cost of misalignment per month × channel ('all' for the total), an estimate shown
    with its inputs:

    revenue_at_stake     = breached MQLs of the month
                           × (won-conversion of SLA-met MQLs - won-conversion of breached MQLs)
                           × average deal size
    rejected_lead_spend  = the spend behind the leads sales rejected in the month: each lead
                           carries its source campaign's spend / the leads that campaign created
    cost_of_misalignment = revenue_at_stake + rejected_lead_spend

    Won-conversions are over every MQL of the channel (or of all channels for 'all') up to
    as_of; the average deal size is over every won deal. The metric definitions are the
    `metrics` meta in _feedback__models.yml. -#}
-- noqa: disable=LT02

with months as (
    select * from {{ ref('int_months') }}
),

leads as (
    select * from {{ ref('fct_leads') }}
),

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

feedback as (
    select * from {{ ref('fct_lead_feedback') }}
),

campaigns as (
    select * from {{ ref('dim_campaigns') }}
),

mql_leads as (
    select lead_source as channel, mql_month, sla_status, is_won from leads
    where mql_at is not null
    union all
    select 'all' as channel, mql_month, sla_status, is_won from leads
    where mql_at is not null
),

conversion as (
    select
        channel,
        {{ safe_divide("sum(case when sla_status = 'met' and is_won then 1 else 0 end)",
                       "sum(case when sla_status = 'met' then 1 else 0 end)") }} as met_won_rate,
        {{ safe_divide("sum(case when sla_status = 'breached' and is_won then 1 else 0 end)",
                       "sum(case when sla_status = 'breached' then 1 else 0 end)") }} as breached_won_rate
    from mql_leads
    group by channel
),

deal_size as (
    select {{ safe_divide('sum(won_amount_usd)', 'count(*)') }} as avg_deal_size
    from opportunities
    where is_won
),

breaches as (
    select
        channel,
        mql_month as month,
        sum(case when sla_status = 'breached' then 1 else 0 end) as breached_mqls
    from mql_leads
    group by channel, mql_month
),

campaign_leads as (
    select source_campaign_id, count(*) as sourced_leads
    from leads
    where source_campaign_id is not null
    group by source_campaign_id
),

latest_verdicts as (
    select
        lead_id,
        verdict,
        submitted_month,
        lead_source,
        source_campaign_id,
        row_number() over (partition by lead_id order by submitted_at desc, feedback_id desc) as recency
    from feedback
    where submitted_at is not null
),

rejected_leads as (
    select
        latest_verdicts.lead_source as channel,
        latest_verdicts.submitted_month as month,
        coalesce({{ safe_divide('campaigns.actual_cost_usd', 'campaign_leads.sourced_leads') }}, 0) as spend
    from latest_verdicts
    left join campaigns on latest_verdicts.source_campaign_id = campaigns.campaign_id
    left join campaign_leads on latest_verdicts.source_campaign_id = campaign_leads.source_campaign_id
    where latest_verdicts.recency = 1
        and latest_verdicts.verdict = 'reject'
),

rejections as (
    select channel, month, count(*) as rejected_leads, sum(spend) as rejected_lead_spend
    from (
        select channel, month, spend from rejected_leads
        union all
        select 'all' as channel, month, spend from rejected_leads
    ) as both_levels
    group by channel, month
),

grid as (
    select months.month, conversion.channel
    from months
    cross join conversion
),

final as (
    select
        grid.month,
        grid.channel,
        coalesce(breaches.breached_mqls, 0) as breached_mqls,
        conversion.met_won_rate,
        conversion.breached_won_rate,
        deal_size.avg_deal_size,
        coalesce(breaches.breached_mqls, 0)
        * (conversion.met_won_rate - conversion.breached_won_rate)
        * deal_size.avg_deal_size as revenue_at_stake,
        coalesce(rejections.rejected_leads, 0) as rejected_leads,
        coalesce(rejections.rejected_lead_spend, 0) as rejected_lead_spend,
        coalesce(
            coalesce(breaches.breached_mqls, 0)
            * (conversion.met_won_rate - conversion.breached_won_rate)
            * deal_size.avg_deal_size,
            0
        ) + coalesce(rejections.rejected_lead_spend, 0) as cost_of_misalignment
    from grid
    cross join deal_size
    inner join conversion on grid.channel = conversion.channel
    left join breaches on grid.month = breaches.month and grid.channel = breaches.channel
    left join rejections on grid.month = rejections.month and grid.channel = rejections.channel
)

select * from final
