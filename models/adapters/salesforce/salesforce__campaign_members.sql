{#- Salesforce campaign members as the raw campaign_members contract (text). A member who
    is a contact counts for the lead converted into that contact; one who is a merged-away
    lead, for its master. A contact that was never a lead has no lead (rejected as
    missing_lead, counted); a lead the export lacks keeps its id (flagged as a missing
    reference). first_responded_date is a date (day precision). -#}

with member as (
    {{ crm_object('salesforce', 'campaign_member', [
        'id', 'campaign_id', 'lead_id', 'contact_id', 'lead_or_contact_id', 'status',
        'has_responded', 'first_responded_date', 'created_date', 'is_deleted', '_fivetran_deleted',
    ]) }}
),

lead_links as (
    select * from {{ ref('salesforce__lead_links') }}
),

final as (
    select
        member.id as member_id,
        member.campaign_id,
        -- a lead the export lacks stays named (flagged as a missing reference, not lost)
        coalesce(lead_links.lead_id, member.lead_id) as lead_id,
        lower(member.status) as member_status,
        member.first_responded_date as responded_at,
        member.created_date as created_at,
        member._malformed,
        member._source_row
    from member
    left join lead_links
        on lead_links.linked_id = coalesce(member.lead_id, member.contact_id, member.lead_or_contact_id)
    where not {{ crm_deleted('member') }}
)

select * from final
