{#- One row per MQL (int_lead_mql_events): every time a lead became an MQL, a return after
    disqualification included, with the lead's channel, segment, region, owner and source
    campaign, and that MQL's own first sales touch and SLA verdict. What counts MQLs or
    their SLA per month counts these rows. -#}

with events as (
    select * from {{ ref('int_lead_mql_events') }}
),

sla as (
    select * from {{ ref('int_leads_sla_evaluated') }}
),

leads as (
    select * from {{ ref('fct_leads') }}
),

final as (
    select
        {{ dbt.concat(['events.lead_id', "':'", 'cast(events.mql_number as ' ~ dbt.type_string() ~ ')']) }} as mql_id,
        events.lead_id,
        events.mql_at,
        events.mql_month,
        events.mql_number,
        events.is_current,
        events.is_re_mql,
        leads.segment,
        leads.region,
        leads.lead_source,
        leads.owner_id,
        leads.owner_name,
        leads.owner_team,
        leads.source_campaign_id,
        sla.sla_deadline_at,
        sla.first_touch_at,
        sla.hours_to_first_touch,
        sla.sla_status
    from events
    inner join leads on events.lead_id = leads.lead_id
    left join sla
        on events.lead_id = sla.lead_id
        and events.mql_number = sla.mql_number
)

select * from final
