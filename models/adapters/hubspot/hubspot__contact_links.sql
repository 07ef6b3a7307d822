{#- Which contact (lead) a HubSpot contact id stands for: itself, or the contact it was
    merged into (contact_merge_audit: vid_to_merge -> canonical_vid, followed to the end). -#}

with contact as (
    {{ crm_object('hubspot', 'contact', ['id']) }}
),

merge_audit as (
    {{ crm_object('hubspot', 'contact_merge_audit', ['canonical_vid', 'vid_to_merge']) }}
),

merged_pairs as (
    select distinct
        vid_to_merge as linked_id,
        canonical_vid as lead_id
    from merge_audit
    where vid_to_merge is not null and canonical_vid is not null
),

merged_ids as (
    -- a contact merged into one that was merged again counts for the last one
    select
        merged_pairs.linked_id,
        coalesce(remerged.lead_id, merged_pairs.lead_id) as lead_id
    from merged_pairs
    left join merged_pairs as remerged on merged_pairs.lead_id = remerged.linked_id
),

live_contacts as (
    select
        id as linked_id,
        id as lead_id,
        'contact' as link
    from contact
    where id is not null
        and id not in (select merged_ids.linked_id from merged_ids)
),

final as (
    select * from live_contacts
    union all
    select
        linked_id,
        lead_id,
        'merged_contact' as link
    from merged_ids
)

select * from final
