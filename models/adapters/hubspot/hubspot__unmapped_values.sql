{#- Every HubSpot value that no mapping turned into a contract value, with how many rows
    carry it (the build prints them; the fix is a line in seed source_mappings or an entry
    of var source_mappings). -#}

{%- set channels = "('" ~ var('channels') | join("', '") ~ "')" %}

with leads as (
    select * from {{ ref('hubspot__leads') }}
),

opportunities as (
    select * from {{ ref('hubspot__opportunities') }}
),

campaigns as (
    select * from {{ ref('hubspot__campaigns') }}
),

users as (
    select * from {{ ref('hubspot__users') }}
),

accounts as (
    select * from {{ ref('hubspot__accounts') }}
),

unmapped as (
    select
        'contact' as source_object,
        'lifecyclestage / hs_lead_status' as source_field,
        'lifecycle_stage' as mapping,
        status__source as source_value
    from leads
    where status not in ('new', 'mql', 'sal', 'sql', 'disqualified', 'converted')
    union all
    select
        'contact' as source_object,
        'lead_source / hs_analytics_source' as source_field,
        'channel' as mapping,
        lead_source__source as source_value
    from leads
    where lower(lead_source) not in {{ channels }}
    union all
    select
        'deal' as source_object,
        'lead_source / hs_analytics_source' as source_field,
        'channel' as mapping,
        lead_source__source as source_value
    from opportunities
    where lower(lead_source) not in {{ channels }}
    union all
    select
        'deal' as source_object,
        'dealtype' as source_field,
        'opportunity_type' as mapping,
        opportunity_type__source as source_value
    from opportunities
    where opportunity_type not in ('new_business', 'expansion', 'renewal')
    union all
    select
        'campaign' as source_object,
        'channel / type / form name / event type' as source_field,
        'channel' as mapping,
        channel__source as source_value
    from campaigns
    where channel not in {{ channels }}
    union all
    select
        'owner' as source_object,
        'role / team' as source_field,
        'department' as mapping,
        department__source as source_value
    from users
    where department is null and department__source is not null
    union all
    select
        'company' as source_object,
        'country' as source_field,
        'country_region' as mapping,
        country__source as source_value
    from accounts
    where region is null and country__source is not null
),

final as (
    {{ unmapped_counts('unmapped') }}
)

select * from final
