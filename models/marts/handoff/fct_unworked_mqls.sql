{#- One row per MQL without a sales touch, with its age at as_of: the leads waiting on
    sales. Disqualified and converted leads are flagged, not removed. -#}

with leads as (
    select * from {{ ref('fct_leads') }}
),

as_of as (
    select * from {{ ref('int_as_of') }}
),

final as (
    select
        leads.lead_id,
        leads.company,
        leads.owner_id,
        leads.owner_name,
        leads.owner_team,
        leads.lead_source,
        leads.source_campaign_id,
        leads.segment,
        leads.region,
        leads.mql_at,
        leads.mql_month,
        leads.sla_status,
        {{ hours_between('leads.mql_at', 'as_of.as_of_at') }} as age_hours,
        leads.disqualified_at is not null as is_disqualified,
        leads.converted_at is not null as is_converted
    from leads
    cross join as_of
    where leads.mql_at is not null
        and leads.first_touch_at is null
)

select * from final
