{#- HubSpot contacts as the raw leads contract (text), one row per contact row.

    status          hs_lead_status through mapping lead_status when it says disqualified or
                    sal (and the lifecycle stage is not past it), else the lifecycle stage
                    through mapping lifecycle_stage
    mql_at, sql_at  the lifecycle-stage dates (var hubspot_fields)
    sal_at,         a property var hubspot_fields names, else the first change of
    disqualified_at hs_lead_status (contact_property_history) to a status of that stage
    converted_at    the opportunity lifecycle date; converted_opportunity_id the contact's
                    first deal (deal_contact)
    lead_source     the custom property lead_source, else hs_analytics_source, through
                    mapping channel -#}

with contact as (
    {{ crm_object('hubspot', 'contact', [
        'id', 'property_createdate', 'property_lastmodifieddate', 'property_email',
        'property_company', 'property_associatedcompanyid', 'property_country',
        'property_numemployees', 'property_lifecyclestage', 'property_hs_lead_status',
        'property_hubspot_owner_id', 'property_hs_analytics_source', 'is_deleted',
        '_fivetran_deleted',
    ] + hubspot_field_columns('leads') + custom_fields('leads') | map(attribute='name') | list) }}
),

history as (
    {{ crm_object('hubspot', 'contact_property_history', ['contact_id', 'name', 'value', 'timestamp']) }}
),

company as (
    {{ crm_object('hubspot', 'company', ['id', 'property_numberofemployees']) }}
),

deal as (
    {{ crm_object('hubspot', 'deal', ['deal_id', 'property_createdate']) }}
),

deal_contact as (
    {{ crm_object('hubspot', 'deal_contact', ['deal_id', 'contact_id']) }}
),

{%- set source_expr = 'coalesce(' ~ hubspot_field_or_null('leads', 'lead_source') ~ ', property_hs_analytics_source)' %}

lifecycle_map as (
    {{ value_mapping('contact', 'property_lifecyclestage', 'lifecycle_stage') }}
),

lead_status_map as (
    {{ value_mapping('contact', 'property_hs_lead_status', 'lead_status') }}
),

history_status_map as (
    {{ value_mapping('history', 'value', 'lead_status') }}
),

channel_map as (
    {{ value_mapping('contact', source_expr, 'channel') }}
),

region_map as (
    {{ value_mapping('contact', 'property_country', 'country_region') }}
),

country_code_map as (
    {{ value_mapping('contact', 'property_country', 'country_code') }}
),

status_changes as (
    select
        history.contact_id,
        history_status_map.target as stage,
        {{ parse_timestamp('history.timestamp') }} as changed_at
    from history
    inner join history_status_map on history.value = history_status_map.source_value
    where {{ normalised_value('history.name') }} = 'hs_lead_status'
),

stage_times as (
    select
        contact_id,
        min(case when stage = 'sal' then changed_at end) as sal_at,
        min(case when stage = 'disqualified' then changed_at end) as disqualified_at
    from status_changes
    group by contact_id
),

first_deals as (
    select
        contact_id,
        deal_id
    from (
        select
            deal_contact.contact_id,
            deal_contact.deal_id,
            row_number() over (
                partition by deal_contact.contact_id
                order by {{ parse_timestamp('deal.property_createdate') }}, deal_contact.deal_id
            ) as deal_rank
        from deal_contact
        left join deal on deal_contact.deal_id = deal.deal_id
    ) as ranked
    where deal_rank = 1
),

companies as (
    select
        id,
        max(property_numberofemployees) as employees
    from company
    group by id
),

final as (
    select
        contact.id as lead_id,
        contact.property_createdate as created_at,
        coalesce(contact.property_lastmodifieddate, contact.property_createdate) as updated_at,
        contact.property_email as email,
        contact.property_company as company,
        contact.property_associatedcompanyid as account_id,
        coalesce(
            {{ hubspot_field_or_null('leads', 'segment', 'contact') }},
            {{ employee_segment(parse_number('coalesce(companies.employees, contact.property_numemployees)')) }}
        ) as segment,
        coalesce({{ hubspot_field_or_null('leads', 'region', 'contact') }}, region_map.target) as region,
        coalesce(
            country_code_map.target,
            case when length(contact.property_country) = 2 then upper(contact.property_country) end
        ) as country,
        coalesce(channel_map.target, {{ source_expr.replace('property_', 'contact.property_') }}) as lead_source,
        case
            when lead_status_map.target = 'disqualified' then 'disqualified'
            when lead_status_map.target = 'sal' and lifecycle_map.target in ('new', 'mql') then 'sal'
            else coalesce(lifecycle_map.target, contact.property_lifecyclestage)
        end as status,
        {{ hubspot_field_or_null('leads', 'score', 'contact') }} as score,
        contact.property_hubspot_owner_id as owner_id,
        {{ hubspot_field_or_null('leads', 'mql_at', 'contact') }} as mql_at,
        {%- for stage in ['sal_at', 'disqualified_at'] %}
        {%- set from_history = 'cast(stage_times.' ~ stage ~ ' as ' ~ dbt.type_string() ~ ')' %}
        {%- if hubspot_field('leads', stage) %}
        coalesce(contact.{{ hubspot_field('leads', stage) }}, {{ from_history }}) as {{ stage }},
            {%- else %}
        {{ from_history }} as {{ stage }},
        {%- endif %}
        {%- endfor %}
        {{ hubspot_field_or_null('leads', 'sql_at', 'contact') }} as sql_at,
        {{ normalised_value(hubspot_field_or_null('leads', 'disqualification_reason', 'contact')) }}
            as disqualification_reason,
        {{ hubspot_field_or_null('leads', 'converted_at', 'contact') }} as converted_at,
        first_deals.deal_id as converted_opportunity_id,
        case
            when {{ crm_deleted('contact') }}
                then 'true'
            else 'false'
        end as is_deleted,
        {{ custom_field_columns('leads', prefix='contact.') }}
        coalesce(contact.property_hs_lead_status, contact.property_lifecyclestage) as status__source,
        {{ source_expr.replace('property_', 'contact.property_') }} as lead_source__source,
        contact._malformed,
        contact._source_row
    from contact
    left join stage_times on contact.id = stage_times.contact_id
    left join lifecycle_map on contact.property_lifecyclestage = lifecycle_map.source_value
    left join lead_status_map on contact.property_hs_lead_status = lead_status_map.source_value
    left join channel_map on {{ source_expr.replace('property_', 'contact.property_') }} = channel_map.source_value
    left join region_map on contact.property_country = region_map.source_value
    left join country_code_map on contact.property_country = country_code_map.source_value
    left join companies on contact.property_associatedcompanyid = companies.id
    left join first_deals on contact.id = first_deals.contact_id
)

select * from final
