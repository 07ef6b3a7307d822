{#- One row per campaign × month with any activity: spend (USD), responses, the leads it
    created (source campaign) and their MQLs and SQLs, the deals those leads became
    (sourced pipeline and revenue), deals it influenced (pipeline and revenue), attributed pipeline (created month) and won revenue
    (close month) per attribution model, ROI per model, cost per MQL and per SQL. -#}
-- noqa: disable=LT02

{%- set models = var('attribution_models') %}

with campaigns as (
    select * from {{ ref('stg_crm__campaigns') }}
),

spend as (
    select * from {{ ref('int_campaign_spend_monthly') }}
),

responses as (
    select * from {{ ref('int_campaign_responses_joined') }}
),

leads as (
    select * from {{ ref('fct_leads') }}
),

mql_events as (
    select * from {{ ref('fct_mql_events') }}
),

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

influences as (
    select * from {{ ref('int_opportunity_influences') }}
),

attribution as (
    select * from {{ ref('fct_attribution') }}
),

influenced_deals as (
    select
        influenced.campaign_id,
        opportunities.created_month,
        opportunities.close_month,
        opportunities.is_won,
        opportunities.pipeline_amount_usd,
        opportunities.won_amount_usd
    from (select distinct opportunity_id, campaign_id from influences) as influenced
    inner join opportunities on influenced.opportunity_id = opportunities.opportunity_id
),

-- (campaign, month, measure, amount) for everything a campaign is credited with
events as (
    select campaign_id, month, 'spend_usd' as measure, spend_usd as amount from spend
    union all
    select campaign_id, {{ month_of('responded_at') }} as month, 'responses' as measure, 1 as amount
    from responses
    union all
    select source_campaign_id as campaign_id, created_month as month, 'leads' as measure, 1 as amount
    from leads
    where source_campaign_id is not null
    union all
    select source_campaign_id as campaign_id, mql_month as month, 'mqls' as measure, 1 as amount
    from mql_events
    where source_campaign_id is not null
    union all
    select
        source_campaign_id as campaign_id,
        {{ month_of('sql_at') }} as month,
        'sqls' as measure,
        1 as amount
    from leads
    where source_campaign_id is not null and sql_at is not null
    union all
    select source_campaign_id as campaign_id, created_month as month, 'sourced_opportunities' as measure, 1 as amount
    from opportunities
    where source_campaign_id is not null
    union all
    select
        source_campaign_id as campaign_id,
        created_month as month,
        'sourced_pipeline' as measure,
        pipeline_amount_usd as amount
    from opportunities
    where source_campaign_id is not null
    union all
    select
        source_campaign_id as campaign_id,
        close_month as month,
        'sourced_revenue' as measure,
        won_amount_usd as amount
    from opportunities
    where source_campaign_id is not null and is_won
    union all
    select campaign_id, created_month as month, 'influenced_opportunities' as measure, 1 as amount
    from influenced_deals
    union all
    select
        campaign_id,
        created_month as month,
        'influenced_pipeline' as measure,
        pipeline_amount_usd as amount
    from influenced_deals
    union all
    select campaign_id, close_month as month, 'influenced_revenue' as measure, won_amount_usd as amount
    from influenced_deals
    where is_won
    {%- for model in models %}
    union all
    select
        campaign_id,
        created_month as month,
        'attributed_pipeline_{{ model }}' as measure,
        attributed_pipeline as amount
    from attribution
    where model = '{{ model }}'
    union all
    select
        campaign_id,
        close_month as month,
        'attributed_revenue_{{ model }}' as measure,
        attributed_revenue as amount
    from attribution
    where model = '{{ model }}' and is_won
    {%- endfor %}
),

pivoted as (
    select
        campaign_id,
        month,
        {%- for measure in ['spend_usd', 'responses', 'leads', 'mqls', 'sqls', 'sourced_opportunities',
                            'sourced_pipeline', 'sourced_revenue', 'influenced_opportunities',
                            'influenced_pipeline', 'influenced_revenue'] %}
        sum(case when measure = '{{ measure }}' then amount else 0 end) as {{ measure }},
        {%- endfor %}
        {%- for model in models %}
        sum(case when measure = 'attributed_pipeline_{{ model }}' then amount else 0 end)
            as attributed_pipeline_{{ model }},
        sum(case when measure = 'attributed_revenue_{{ model }}' then amount else 0 end)
            as attributed_revenue_{{ model }}{{ ',' if not loop.last }}
        {%- endfor %}
    from events
    where campaign_id is not null
    group by campaign_id, month
),

final as (
    select
        pivoted.campaign_id,
        campaigns.campaign_name,
        coalesce(campaigns.channel, 'unknown') as channel,
        pivoted.month,
        pivoted.spend_usd,
        pivoted.responses,
        pivoted.leads,
        pivoted.mqls,
        pivoted.sqls,
        pivoted.sourced_opportunities,
        pivoted.sourced_pipeline,
        pivoted.sourced_revenue,
        pivoted.influenced_opportunities,
        pivoted.influenced_pipeline,
        pivoted.influenced_revenue,
        {%- for model in models %}
        pivoted.attributed_pipeline_{{ model }},
        pivoted.attributed_revenue_{{ model }},
        {{ safe_divide('pivoted.attributed_revenue_' ~ model, 'pivoted.spend_usd') }} as roi_{{ model }},
        {%- endfor %}
        {{ safe_divide('pivoted.spend_usd', 'pivoted.mqls') }} as campaign_cost_per_mql,
        {{ safe_divide('pivoted.spend_usd', 'pivoted.sqls') }} as campaign_cost_per_sql
    from pivoted
    left join campaigns on pivoted.campaign_id = campaigns.campaign_id
)

select * from final
