{#- Every Salesforce value that no mapping turned into a contract value, with how many rows
    carry it: the build prints them, and the fix is a line in seed source_mappings or an
    entry of var source_mappings. Such rows are kept with their own value (an unknown
    channel is flagged as unknown_channel, an unknown status counts in no stage). -#}

{%- set channels = "('" ~ var('channels') | join("', '") ~ "')" %}

with leads as (
    select * from {{ ref('salesforce__leads') }}
),

opportunities as (
    select * from {{ ref('salesforce__opportunities') }}
),

campaigns as (
    select * from {{ ref('salesforce__campaigns') }}
),

users as (
    select * from {{ ref('salesforce__users') }}
),

accounts as (
    select * from {{ ref('salesforce__accounts') }}
),

unmapped as (
    select
        'lead' as source_object,
        'status' as source_field,
        'lead_status' as mapping,
        status__source as source_value
    from leads
    where status not in ('new', 'mql', 'sal', 'sql', 'disqualified', 'converted')
    union all
    select
        'lead' as source_object,
        'lead_source' as source_field,
        'channel' as mapping,
        lead_source__source as source_value
    from leads
    where lower(lead_source) not in {{ channels }}
    union all
    select
        'opportunity' as source_object,
        'lead_source' as source_field,
        'channel' as mapping,
        lead_source__source as source_value
    from opportunities
    where lower(lead_source) not in {{ channels }}
    union all
    select
        'opportunity' as source_object,
        'type' as source_field,
        'opportunity_type' as mapping,
        opportunity_type__source as source_value
    from opportunities
    where opportunity_type not in ('new_business', 'expansion', 'renewal')
    union all
    select
        'campaign' as source_object,
        'type' as source_field,
        'channel' as mapping,
        channel__source as source_value
    from campaigns
    where channel not in {{ channels }}
    union all
    select
        'user' as source_object,
        'department / title / role' as source_field,
        'department' as mapping,
        department__source as source_value
    from users
    where department not in ('marketing', 'sdr', 'sales')
    union all
    select
        'account' as source_object,
        'billing_country' as source_field,
        'country_region' as mapping,
        country__source as source_value
    from accounts
    where region is null and country__source is not null
),

final as (
    {{ unmapped_counts('unmapped') }}
)

select * from final
