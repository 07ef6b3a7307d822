{#- The contract timestamps Salesforce only knows to the day: a date field read as midnight
    UTC. The build names them with their row counts, so a "time to convert" in hours is
    read for what it is. -#}

with leads as (
    select * from {{ ref('salesforce__leads') }}
),

members as (
    select * from {{ ref('salesforce__campaign_members') }}
),

final as (
    select
        'lead' as source_object,
        'converted_date' as source_field,
        'leads' as contract_table,
        'converted_at' as contract_column,
        count(converted_at) as row_count
    from leads
    union all
    select
        'campaign_member' as source_object,
        'first_responded_date' as source_field,
        'campaign_members' as contract_table,
        'responded_at' as contract_column,
        count(responded_at) as row_count
    from members
)

select * from final
