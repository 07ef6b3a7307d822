{#- HubSpot marketing campaigns, and the forms and marketing events that belong to none, as
    the raw campaigns contract (text). A form or event with a campaign_guid counts for that
    campaign; one without is a campaign of its own (id `form:<guid>` / `event:<id>`, no cost).

    channel  the campaign's channel property (var hubspot_fields), else its type; a form's
             name or an event's type; through mapping channel -#}

with campaign as (
    {{ crm_object('hubspot', 'campaign', [
        'id', 'property_hs_name', 'name', 'property_hs_campaign_type', 'property_hs_start_date',
        'property_hs_end_date', 'property_hs_budget_items_sum_amount',
        'property_hs_spend_items_sum_amount', 'property_hs_currency_code', 'property_hs_owner',
        'property_hs_parent_campaign_id', '_fivetran_deleted',
    ] + hubspot_field_columns('campaigns') + custom_fields('campaigns') | map(attribute='name') | list) }}
),

form as (
    {{ crm_object('hubspot', 'form', ['guid', 'name', 'campaign_guid', 'created_at', '_fivetran_deleted']) }}
),

marketing_event as (
    {{ crm_object('hubspot', 'marketing_event', ['id', 'event_name', 'event_type', 'campaign_guid',
                                                 'start_date_time', 'end_date_time', '_fivetran_deleted']) }}
),

{%- set channel_field = hubspot_field('campaigns', 'channel') %}

combined as (
    select
        id as campaign_id,
        coalesce(property_hs_name, name) as campaign_name,
        coalesce({{ channel_field or 'cast(null as ' ~ dbt.type_string() ~ ')' }}, property_hs_campaign_type)
            as channel_source,
        property_hs_campaign_type as campaign_type,
        property_hs_start_date as start_date,
        property_hs_end_date as end_date,
        property_hs_budget_items_sum_amount as budgeted_cost,
        property_hs_spend_items_sum_amount as actual_cost,
        property_hs_currency_code as currency_code,
        property_hs_owner as owner_id,
        property_hs_parent_campaign_id as parent_campaign_id,
        {{ custom_field_columns('campaigns') }}
        'campaign' as _source_object,
        _fivetran_deleted,
        _malformed,
        _source_row
    from campaign
    union all
    select
        'form:' || guid as campaign_id,
        name as campaign_name,
        name as channel_source,
        'form' as campaign_type,
        cast({{ parse_date('created_at') }} as {{ dbt.type_string() }}) as start_date,
        cast(null as {{ dbt.type_string() }}) as end_date,
        cast(null as {{ dbt.type_string() }}) as budgeted_cost,
        cast(null as {{ dbt.type_string() }}) as actual_cost,
        cast(null as {{ dbt.type_string() }}) as currency_code,
        cast(null as {{ dbt.type_string() }}) as owner_id,
        cast(null as {{ dbt.type_string() }}) as parent_campaign_id,
        {%- for field in custom_fields('campaigns') %}
        cast(null as {{ dbt.type_string() }}) as {{ field['name'] }},
        {%- endfor %}
        'form' as _source_object,
        _fivetran_deleted,
        _malformed,
        _source_row + (select count(*) from campaign) as _source_row
    from form
    where campaign_guid is null
    union all
    select
        'event:' || id as campaign_id,
        event_name as campaign_name,
        event_type as channel_source,
        event_type as campaign_type,
        cast({{ parse_date('start_date_time') }} as {{ dbt.type_string() }}) as start_date,
        cast({{ parse_date('end_date_time') }} as {{ dbt.type_string() }}) as end_date,
        cast(null as {{ dbt.type_string() }}) as budgeted_cost,
        cast(null as {{ dbt.type_string() }}) as actual_cost,
        cast(null as {{ dbt.type_string() }}) as currency_code,
        cast(null as {{ dbt.type_string() }}) as owner_id,
        cast(null as {{ dbt.type_string() }}) as parent_campaign_id,
        {%- for field in custom_fields('campaigns') %}
        cast(null as {{ dbt.type_string() }}) as {{ field['name'] }},
        {%- endfor %}
        'marketing_event' as _source_object,
        _fivetran_deleted,
        _malformed,
        _source_row + (select count(*) from campaign) + (select count(*) from form) as _source_row
    from marketing_event
    where campaign_guid is null
),

channel_map as (
    {{ value_mapping('combined', 'channel_source', 'channel') }}
),

final as (
    select
        combined.campaign_id,
        combined.campaign_name,
        coalesce(channel_map.target, {{ normalised_value('combined.channel_source') }}) as channel,
        {{ normalised_value('combined.campaign_type') }} as campaign_type,
        combined.start_date,
        combined.end_date,
        combined.budgeted_cost,
        combined.actual_cost,
        coalesce(combined.currency_code, '{{ var("hubspot_currency") }}') as currency_code,
        combined.owner_id,
        combined.parent_campaign_id,
        {{ custom_field_columns('campaigns', prefix='combined.') }}
        combined.channel_source as channel__source,
        combined._source_object,
        combined._malformed,
        combined._source_row
    from combined
    left join channel_map on combined.channel_source = channel_map.source_value
    where coalesce({{ parse_bool('combined._fivetran_deleted') }}, false) = false
)

select * from final
