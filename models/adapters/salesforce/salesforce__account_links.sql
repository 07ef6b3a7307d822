{#- The account a Salesforce account id stands for: itself, or its master when it was
    merged (deleted with master_record_id set). -#}

with account as (
    {{ crm_object('salesforce', 'account', ['id', 'master_record_id']) }}
),

final as (
    select distinct
        id as linked_id,
        coalesce(master_record_id, id) as account_id
    from account
    where id is not null
)

select * from final
