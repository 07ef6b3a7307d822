{#- Which contact (lead) a HubSpot contact id stands for: itself, or the contact it was
    merged into (contact_merge_audit: vid_to_merge -> canonical_vid, followed to the end). -#}

with contact as (
    {{ crm_object('hubspot', 'contact', ['id']) }}
),

merges as (
    {{ crm_object('hubspot', 'contact_merge_audit', ['canonical_vid', 'vid_to_merge']) }}
),

merged_once as (
    select distinct
        vid_to_merge as linked_id,
        canonical_vid as lead_id
    from merges
    where vid_to_merge is not null and canonical_vid is not null
),

merged as (
    -- a contact merged into one that was merged again counts for the last
    select
        merged_once.linked_id,
        coalesce(again.lead_id, merged_once.lead_id) as lead_id
    from merged_once
    left join merged_once as again on merged_once.lead_id = again.linked_id
),

final as (
    select
        id as linked_id,
        id as lead_id,
        'contact' as link
    from contact
    where id is not null
        and id not in (select merged.linked_id from merged)
    union all
    select
        linked_id,
        lead_id,
        'merged_contact' as link
    from merged
)

select * from final
