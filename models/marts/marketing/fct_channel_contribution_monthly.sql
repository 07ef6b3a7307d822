{#- Sourced and influenced pipeline and revenue per month × channel. Sourced: by the
    channel (lead_source) of the lead converted into the deal ('no_lead' when none);
    influenced: deals with at least one influencing response of that channel (a deal
    influenced by several channels counts in each). Pipeline in the created month, revenue
    in the close month, USD. -#}

with opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

influences as (
    select distinct opportunity_id, channel from {{ ref('int_opportunity_influences') }}
),

sourced as (
    select
        opportunity_id,
        coalesce(converted_lead_source, 'no_lead') as channel
    from opportunities
),

deal_channels as (
    select opportunity_id, channel, 1 as is_sourced, 0 as is_influenced from sourced
    union all
    select opportunity_id, channel, 0 as is_sourced, 1 as is_influenced from influences
),

deals as (
    select
        deal_channels.channel,
        deal_channels.is_sourced,
        deal_channels.is_influenced,
        opportunities.created_month,
        opportunities.close_month,
        opportunities.is_won,
        opportunities.pipeline_amount_usd,
        opportunities.won_amount_usd
    from deal_channels
    inner join opportunities on deal_channels.opportunity_id = opportunities.opportunity_id
),

created as (
    select
        created_month as month,
        channel,
        sum(is_sourced) as sourced_opportunities,
        sum(is_sourced * pipeline_amount_usd) as sourced_pipeline,
        sum(is_influenced) as influenced_opportunities,
        sum(is_influenced * pipeline_amount_usd) as influenced_pipeline
    from deals
    group by created_month, channel
),

won as (
    select
        close_month as month,
        channel,
        sum(is_sourced) as sourced_won_deals,
        sum(is_sourced * won_amount_usd) as sourced_revenue,
        sum(is_influenced) as influenced_won_deals,
        sum(is_influenced * won_amount_usd) as influenced_revenue
    from deals
    where is_won
    group by close_month, channel
),

cells as (
    select month, channel from created
    union
    select month, channel from won
),

final as (
    select
        cells.month,
        cells.channel,
        cells.channel in {{ sql_list(var('marketing_channels')) }} as is_marketing_channel,
        coalesce(created.sourced_opportunities, 0) as sourced_opportunities,
        coalesce(created.sourced_pipeline, 0) as sourced_pipeline,
        coalesce(won.sourced_won_deals, 0) as sourced_won_deals,
        coalesce(won.sourced_revenue, 0) as sourced_revenue,
        coalesce(created.influenced_opportunities, 0) as influenced_opportunities,
        coalesce(created.influenced_pipeline, 0) as influenced_pipeline,
        coalesce(won.influenced_won_deals, 0) as influenced_won_deals,
        coalesce(won.influenced_revenue, 0) as influenced_revenue
    from cells
    left join created on cells.month = created.month and cells.channel = created.channel
    left join won on cells.month = won.month and cells.channel = won.channel
)

select * from final
