{#- The cost of misalignment per month × channel, with 'all' the sum of the channels: an
    estimate shown with its inputs, every one of them known at the month's end.

    revenue_at_stake     = the month's MQLs whose SLA was breached by the month's end
                           × (sla_met_won_rate_12m - sla_breached_won_rate_12m)
                           × avg_deal_size_12m
    rejected_lead_spend  = the spend behind the leads sales rejected in the month: each lead
                           carries its source campaign's spend / the leads that campaign
                           created by the month's end
    cost_of_misalignment = revenue_at_stake + rejected_lead_spend

    The won rates come from int_sla_conversion_trailing (the 12 months ending with the
    month, as known at its end); the average deal size is won revenue / won deals of the
    same 12 months (kpi_monthly, all segments and regions). The 'all' row adds up the
    channel rows, so the rows always sum to the total. Money in var reporting_currency.
    Definitions: the `metrics` meta in _feedback__models.yml. -#}
-- noqa: disable=LT02

with months as (
    select * from {{ ref('int_months') }}
),

conversion as (
    select * from {{ ref('int_sla_conversion_trailing') }}
),

kpis as (
    select * from {{ ref('kpi_monthly') }}
),

leads as (
    select * from {{ ref('fct_leads') }}
),

feedback as (
    select * from {{ ref('fct_lead_feedback') }}
),

campaigns as (
    select * from {{ ref('dim_campaigns') }}
),

reporting_fx as (
    select * from {{ ref('int_fx_rates_monthly') }}
    where currency_code = '{{ var("reporting_currency") }}'
),

month_ends as (
    select
        month,
        next_month,
        cast({{ dbt.dateadd('second', -1, 'cast(next_month as timestamp)') }} as timestamp) as month_end_at,
        cast({{ dbt.dateadd('month', -11, 'month') }} as date) as trailing_start
    from months
),

-- won revenue / won deals over the 12 months ending with each month
deal_size as (
    select
        month_ends.month,
        sum(case when kpis.metric = 'won_revenue' then kpis.value else 0 end) as won_revenue_12m,
        sum(case when kpis.metric = 'won_deals' then kpis.value else 0 end) as won_deals_12m
    from month_ends
    inner join kpis
        on kpis.month >= month_ends.trailing_start
        and kpis.month <= month_ends.month
        and kpis.segment = 'all'
        and kpis.region = 'all'
        and kpis.metric in ('won_revenue', 'won_deals')
    group by month_ends.month
),

-- the month's MQLs whose SLA deadline passed by the month's end without a touch in time
breaches as (
    select
        month_ends.month,
        leads.lead_source as channel,
        count(*) as sla_breached_at_month_end
    from month_ends
    inner join leads
        on leads.mql_month = month_ends.month
    where leads.sla_deadline_at < month_ends.month_end_at
        and not coalesce(leads.first_touch_at <= leads.sla_deadline_at, false)
    group by month_ends.month, leads.lead_source
),

-- each lead rejected in a month, once: its latest verdict of the month is reject
month_verdicts as (
    select
        feedback.lead_id,
        feedback.submitted_month as month,
        feedback.verdict,
        feedback.lead_source,
        feedback.source_campaign_id,
        row_number() over (
            partition by feedback.lead_id, feedback.submitted_month
            order by feedback.submitted_at desc, feedback.feedback_id desc
        ) as recency
    from feedback
    where feedback.submitted_at is not null
),

rejected as (
    select lead_id, month, lead_source as channel, source_campaign_id
    from month_verdicts
    where recency = 1 and verdict = 'reject'
),

-- the leads each campaign had created by each month's end (counted per campaign and
-- month first: joining every rejected lead to its campaign's leads grows with leads²)
campaign_created as (
    select
        leads.source_campaign_id,
        leads.created_month,
        count(*) as created_leads
    from leads
    where leads.source_campaign_id is not null
        and leads.created_at is not null
    group by leads.source_campaign_id, leads.created_month
),

campaign_leads as (
    select
        campaign_created.source_campaign_id,
        month_ends.month,
        sum(campaign_created.created_leads) as sourced_leads
    from month_ends
    inner join campaign_created
        on campaign_created.created_month < month_ends.next_month
    group by campaign_created.source_campaign_id, month_ends.month
),

rejections as (
    select
        rejected.month,
        rejected.channel,
        count(*) as rejected_leads,
        sum(
            coalesce({{ safe_divide('campaigns.actual_cost_usd', 'campaign_leads.sourced_leads') }}, 0)
            / reporting_fx.usd_per_unit
        ) as rejected_lead_spend
    from rejected
    inner join month_ends on rejected.month = month_ends.month
    inner join reporting_fx on rejected.month = reporting_fx.month
    left join campaign_leads
        on rejected.source_campaign_id = campaign_leads.source_campaign_id
        and rejected.month = campaign_leads.month
    left join campaigns on rejected.source_campaign_id = campaigns.campaign_id
    group by rejected.month, rejected.channel
),

channel_months as (
    select month, channel from conversion
    where channel <> 'all'
    union
    select month, channel from breaches
    union
    select month, channel from rejections
),

by_channel as (
    select
        channel_months.month,
        channel_months.channel,
        coalesce(breaches.sla_breached_at_month_end, 0) as sla_breached_at_month_end,
        conversion.sla_met_mqls_12m,
        conversion.sla_met_won_deals_12m,
        conversion.sla_met_won_rate_12m,
        conversion.sla_breached_mqls_12m,
        conversion.sla_breached_won_deals_12m,
        conversion.sla_breached_won_rate_12m,
        {{ safe_divide('deal_size.won_revenue_12m', 'deal_size.won_deals_12m') }} as avg_deal_size_12m,
        coalesce(rejections.rejected_leads, 0) as rejected_leads,
        coalesce(rejections.rejected_lead_spend, 0) as rejected_lead_spend
    from channel_months
    inner join months on channel_months.month = months.month
    left join conversion
        on channel_months.month = conversion.month
        and channel_months.channel = conversion.channel
    left join breaches
        on channel_months.month = breaches.month
        and channel_months.channel = breaches.channel
    left join rejections
        on channel_months.month = rejections.month
        and channel_months.channel = rejections.channel
    left join deal_size on channel_months.month = deal_size.month
),

estimated as (
    select
        by_channel.*,
        coalesce(
            by_channel.sla_breached_at_month_end
            * (by_channel.sla_met_won_rate_12m - by_channel.sla_breached_won_rate_12m)
            * by_channel.avg_deal_size_12m,
            0
        ) as revenue_at_stake
    from by_channel
),

totals as (
    select
        estimated.month,
        'all' as channel,
        sum(estimated.sla_breached_at_month_end) as sla_breached_at_month_end,
        max(conversion.sla_met_mqls_12m) as sla_met_mqls_12m,
        max(conversion.sla_met_won_deals_12m) as sla_met_won_deals_12m,
        max(conversion.sla_met_won_rate_12m) as sla_met_won_rate_12m,
        max(conversion.sla_breached_mqls_12m) as sla_breached_mqls_12m,
        max(conversion.sla_breached_won_deals_12m) as sla_breached_won_deals_12m,
        max(conversion.sla_breached_won_rate_12m) as sla_breached_won_rate_12m,
        max(estimated.avg_deal_size_12m) as avg_deal_size_12m,
        sum(estimated.rejected_leads) as rejected_leads,
        sum(estimated.rejected_lead_spend) as rejected_lead_spend,
        sum(estimated.revenue_at_stake) as revenue_at_stake
    from estimated
    left join conversion
        on estimated.month = conversion.month
        and conversion.channel = 'all'
    group by estimated.month
),

final as (
    select
        month,
        channel,
        sla_breached_at_month_end,
        sla_met_mqls_12m,
        sla_met_won_deals_12m,
        sla_met_won_rate_12m,
        sla_breached_mqls_12m,
        sla_breached_won_deals_12m,
        sla_breached_won_rate_12m,
        avg_deal_size_12m,
        revenue_at_stake,
        rejected_leads,
        rejected_lead_spend,
        revenue_at_stake + rejected_lead_spend as cost_of_misalignment
    from estimated
    union all
    select
        month,
        channel,
        sla_breached_at_month_end,
        sla_met_mqls_12m,
        sla_met_won_deals_12m,
        sla_met_won_rate_12m,
        sla_breached_mqls_12m,
        sla_breached_won_deals_12m,
        sla_breached_won_rate_12m,
        avg_deal_size_12m,
        revenue_at_stake,
        rejected_leads,
        rejected_lead_spend,
        revenue_at_stake + rejected_lead_spend as cost_of_misalignment
    from totals
)

select * from final
