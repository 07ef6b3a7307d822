{#- HubSpot engagements (calls, emails, meetings, ...) on a contact as the raw
    lead_activities contract (text): one row per engagement and contact it is associated
    with. The owner and time come from the engagement or its typed table
    (engagement_call / _email / _meeting: property_hubspot_owner_id, property_hs_timestamp). -#}

with engagement as (
    {{ crm_object('hubspot', 'engagement', ['id', 'type', 'owner_id', 'timestamp', 'created_at',
                                            '_fivetran_deleted']) }}
),

engagement_contact as (
    {{ crm_object('hubspot', 'engagement_contact', ['engagement_id', 'contact_id']) }}
),

{%- for kind in ['call', 'email', 'meeting'] %}

engagement_{{ kind }} as (
    {{ crm_object('hubspot', 'engagement_' ~ kind, ['engagement_id', 'property_hs_timestamp',
                                                    'property_hubspot_owner_id']) }}
),
{%- endfor %}

typed as (
    select engagement_id, property_hs_timestamp, property_hubspot_owner_id from engagement_call
    union all
    select engagement_id, property_hs_timestamp, property_hubspot_owner_id from engagement_email
    union all
    select engagement_id, property_hs_timestamp, property_hubspot_owner_id from engagement_meeting
),

typed_details as (
    select
        engagement_id,
        max(property_hs_timestamp) as occurred_at,
        max(property_hubspot_owner_id) as owner_id
    from typed
    group by engagement_id
),

contact_links as (
    select * from {{ ref('hubspot__contact_links') }}
),

final as (
    select
        -- an engagement with several contacts is one activity per contact
        case
            when count(*) over (partition by engagement.id) > 1
                then engagement.id || ':' || engagement_contact.contact_id
            else engagement.id
        end as activity_id,
        coalesce(contact_links.lead_id, engagement_contact.contact_id) as lead_id,
        coalesce(engagement.owner_id, typed_details.owner_id) as user_id,
        {{ normalised_value('engagement.type') }} as activity_type,
        coalesce(engagement.timestamp, typed_details.occurred_at, engagement.created_at) as occurred_at,
        engagement.id as _engagement_id,
        engagement._malformed,
        engagement._source_row
    from engagement
    left join engagement_contact on engagement.id = engagement_contact.engagement_id
    left join typed_details on engagement.id = typed_details.engagement_id
    left join contact_links on engagement_contact.contact_id = contact_links.linked_id
    where coalesce({{ parse_bool('engagement._fivetran_deleted') }}, false) = false
)

select * from final
