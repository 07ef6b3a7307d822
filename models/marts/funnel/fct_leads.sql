{#- One row per lead: lifecycle timestamps (mql_at: the latest MQL; first_mql_at and
    mql_count over its returns, int_lead_mql_events), channel, segment, region, owner,
    first sales touch, handoff SLA (of the latest MQL), and what it converted into. -#}

with leads as (
    select * from {{ ref('stg_crm__leads') }}
),

sla as (
    -- the latest MQL's SLA (earlier MQLs' are in fct_mql_events)
    select * from {{ ref('int_leads_sla_evaluated') }}
    where is_current
),

users as (
    select * from {{ ref('stg_crm__users') }}
),

opportunities as (
    select * from {{ ref('int_opportunities_converted') }}
),

source_campaigns as (
    select * from {{ ref('int_leads_source_campaigns') }}
),

mql_events as (
    select * from {{ ref('int_lead_mql_events') }}
),

mql_cycles as (
    select
        lead_id,
        min(mql_at) as first_mql_at,
        count(*) as mql_count,
        max(case when is_current and is_re_mql then 1 else 0 end) = 1 as is_re_mql
    from mql_events
    group by lead_id
),

final as (
    select
        {{ source_system('leads.lead_id') }} as source_system,
        -- custom fields (var custom_fields)
        {{ custom_field_columns('leads', prefix='leads.') }}
        -- ids
        leads.lead_id,
        leads.account_id,
        leads.owner_id,
        leads.converted_opportunity_id,
        -- who and where
        owners.full_name as owner_name,
        owners.team as owner_team,
        leads.company,
        coalesce(leads.segment, 'unknown') as segment,
        coalesce(leads.region, 'unknown') as region,
        leads.country,
        coalesce(leads.lead_source, 'unknown') as lead_source,
        coalesce(leads.lead_source in {{ sql_list(var('marketing_channels')) }}, false)
            as is_marketing_channel,
        case
            when leads.lead_source in {{ sql_list(var('marketing_channels')) }} then 'marketing'
            else 'sales'
        end as sourcing,
        source_campaigns.source_campaign_id,
        leads.status,
        leads.score,
        leads.disqualification_reason,
        -- lifecycle
        leads.created_at,
        leads.mql_at,
        leads.sal_at,
        leads.sql_at,
        leads.disqualified_at,
        leads.converted_at,
        {{ month_of('leads.created_at') }} as created_month,
        {{ month_of('leads.mql_at') }} as mql_month,
        leads.mql_at is not null as is_mql,
        mql_cycles.first_mql_at,
        coalesce(mql_cycles.mql_count, 0) as mql_count,
        coalesce(mql_cycles.is_re_mql, false) as is_re_mql,
        leads.sql_at is not null as is_sql,
        -- handoff
        sla.first_touch_at,
        sla.first_touch_user_id,
        touchers.full_name as first_touch_user_name,
        sla.hours_to_first_touch,
        sla.sla_deadline_at,
        sla.sla_status,
        -- outcome
        opportunities.opportunity_id is not null as has_opportunity,
        coalesce(opportunities.is_won, false) as is_won,
        case when opportunities.is_won then opportunities.closed_amount_usd end as won_amount_usd
    from leads
    left join sla on leads.lead_id = sla.lead_id
    left join users as owners on leads.owner_id = owners.user_id
    left join users as touchers on sla.first_touch_user_id = touchers.user_id
    left join opportunities on leads.converted_opportunity_id = opportunities.opportunity_id
    left join source_campaigns on leads.lead_id = source_campaigns.lead_id
    left join mql_cycles on leads.lead_id = mql_cycles.lead_id
)

select * from final
