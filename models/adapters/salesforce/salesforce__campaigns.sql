{#- Salesforce campaigns as the raw campaigns contract (text).

    channel        the field var salesforce_fields names, else `type` through mapping
                   channel (a channel's own name matches: `Paid Search` -> paid_search)
    campaign_type  `type` in snake case -#}

{%- set channel_field = salesforce_field_or_null('campaigns', 'channel') %}
{%- set channel_source = ('coalesce(' ~ channel_field ~ ', campaign.type)')
    if salesforce_field('campaigns', 'channel') else 'campaign.type' %}

with campaign as (
    {{ crm_object('salesforce', 'campaign', [
        'id', 'name', 'type', 'start_date', 'end_date', 'budgeted_cost', 'actual_cost',
        'currency_iso_code', 'owner_id', 'parent_id', 'is_deleted', '_fivetran_deleted',
    ] + salesforce_field_columns('campaigns') + custom_fields('campaigns') | map(attribute='name') | list) }}
),

channel_map as (
    {{ value_mapping('campaign', channel_source.replace('campaign.', ''), 'channel') }}
),

final as (
    select
        campaign.id as campaign_id,
        campaign.name as campaign_name,
        coalesce(channel_map.target, {{ normalised_value(channel_source) }}) as channel,
        {{ normalised_value('campaign.type') }} as campaign_type,
        campaign.start_date,
        campaign.end_date,
        campaign.budgeted_cost,
        campaign.actual_cost,
        coalesce(campaign.currency_iso_code, '{{ var("salesforce_currency") }}') as currency_code,
        campaign.owner_id,
        campaign.parent_id as parent_campaign_id,
        {{ custom_field_columns('campaigns', prefix='campaign.') }}
        {{ channel_source }}
            as channel__source,
        campaign._malformed,
        campaign._source_row
    from campaign
    left join channel_map
        on channel_map.source_value
        = {{ channel_source }}
    where not {{ crm_deleted('campaign') }}
)

select * from final
