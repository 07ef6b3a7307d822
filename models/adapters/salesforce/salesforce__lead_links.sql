{#- Which lead a Salesforce id stands for: a lead is itself; a lead merged into another
    (deleted, master_record_id set) is its master; a contact is the lead converted into it
    (the latest converted, when several were). Campaign members and activities of any of
    them count for that lead. -#}

with lead as (
    {{ crm_object('salesforce', 'lead', ['id', 'master_record_id', 'converted_contact_id',
                                         'converted_date', 'created_date']) }}
),

contact as (
    {{ crm_object('salesforce', 'contact', ['id', 'master_record_id']) }}
),

lead_masters as (
    select
        id as linked_id,
        coalesce(master_record_id, id) as lead_id,
        case when master_record_id is null then 'lead' else 'merged_lead' end as link
    from lead
    where id is not null
),

converted_contacts as (
    select
        converted_contact_id as contact_id,
        id as lead_id,
        row_number() over (
            partition by converted_contact_id
            order by converted_date desc, created_date desc, id desc
        ) as conversion_rank
    from lead
    where converted_contact_id is not null and master_record_id is null
),

contact_leads as (
    -- a merged contact's responses count for the lead converted into its master
    select
        contact.id as linked_id,
        converted_contacts.lead_id,
        'contact' as link
    from contact
    inner join converted_contacts
        on converted_contacts.contact_id = coalesce(contact.master_record_id, contact.id)
        and converted_contacts.conversion_rank = 1
    where contact.id is not null
),

contacts_without_object as (
    -- converted_contact_id is enough when the contact object was not synced
    select
        contact_id as linked_id,
        lead_id,
        'contact' as link
    from converted_contacts
    where conversion_rank = 1
        and contact_id not in (select contact_leads.linked_id from contact_leads)
),

combined as (
    select * from lead_masters
    union all
    select * from contact_leads
    union all
    select * from contacts_without_object
),

final as (
    select
        linked_id,
        lead_id,
        link
    from (
        select
            combined.*,
            row_number() over (partition by combined.linked_id order by combined.link) as link_rank
        from combined
    ) as ranked
    where link_rank = 1
)

select * from final
