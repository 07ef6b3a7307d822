{#- HubSpot deals as the raw opportunities contract (text).

    stage_name, is_closed, is_won, probability  from deal_pipeline_stage (probability 0-1
                                                becomes a percentage)
    account_id        the deal's first associated company (deal_company)
    opportunity_type  property_dealtype through mapping opportunity_type
    lead_source       the custom property lead_source, else hs_analytics_source, through
                      mapping channel
    forecast_category property_hs_manual_forecast_category in snake case (OMIT -> omitted) -#}

{%- set source_expr = 'coalesce(' ~ hubspot_field_or_null('opportunities', 'lead_source')
    ~ ', property_hs_analytics_source)' %}

with deal as (
    {{ crm_object('hubspot', 'deal', [
        'deal_id', 'deal_pipeline_stage_id', 'owner_id', 'property_dealname', 'property_amount',
        'property_closedate', 'property_createdate', 'property_hs_lastmodifieddate',
        'property_dealtype', 'property_deal_currency_code', 'property_hs_analytics_source',
        'property_hs_manual_forecast_category', 'property_hs_deal_stage_probability',
        'is_deleted', '_fivetran_deleted',
    ] + hubspot_field_columns('opportunities') + custom_fields('opportunities') | map(attribute='name') | list) }}
),

stage as (
    {{ crm_object('hubspot', 'deal_pipeline_stage', ['stage_id', 'label', 'is_closed', 'closed_won',
                                                     'probability', '_fivetran_deleted']) }}
),

deal_company as (
    {{ crm_object('hubspot', 'deal_company', ['deal_id', 'company_id']) }}
),

type_map as (
    {{ value_mapping('deal', 'property_dealtype', 'opportunity_type') }}
),

channel_map as (
    {{ value_mapping('deal', source_expr, 'channel') }}
),

stages as (
    select
        stage_id,
        max(label) as label,
        max(is_closed) as is_closed,
        max(closed_won) as closed_won,
        max(probability) as probability
    from stage
    group by stage_id
),

accounts as (
    select
        deal_id,
        min(company_id) as company_id
    from deal_company
    group by deal_id
),

final as (
    select
        deal.deal_id as opportunity_id,
        deal.property_dealname as opportunity_name,
        accounts.company_id as account_id,
        deal.owner_id,
        deal.property_createdate as created_at,
        coalesce(deal.property_hs_lastmodifieddate, deal.property_createdate) as updated_at,
        cast({{ parse_date('deal.property_closedate') }} as {{ dbt.type_string() }}) as close_date,
        stages.label as stage_name,
        deal.property_amount as amount,
        coalesce(deal.property_deal_currency_code, '{{ var("hubspot_currency") }}') as currency_code,
        cast(
            100 * {{ parse_number('coalesce(deal.property_hs_deal_stage_probability, stages.probability)') }}
            as {{ dbt.type_string() }}
        ) as probability,
        stages.is_closed,
        coalesce(stages.closed_won, 'false') as is_won,
        coalesce(type_map.target, deal.property_dealtype) as opportunity_type,
        coalesce(channel_map.target, {{ source_expr.replace('property_', 'deal.property_') }}) as lead_source,
        {{ hubspot_field_or_null('opportunities', 'primary_campaign_id', 'deal') }} as primary_campaign_id,
        {{ normalised_value(hubspot_field_or_null('opportunities', 'loss_reason', 'deal')) }} as loss_reason,
        {{ hubspot_field_or_null('opportunities', 'competitor', 'deal') }} as competitor,
        case
            when {{ normalised_value('deal.property_hs_manual_forecast_category') }} = 'omit' then 'omitted'
            else {{ normalised_value('deal.property_hs_manual_forecast_category') }}
        end as forecast_category,
        case
            when {{ crm_deleted('deal') }}
                then 'true'
            else 'false'
        end as is_deleted,
        {{ custom_field_columns('opportunities', prefix='deal.') }}
        deal.property_dealtype as opportunity_type__source,
        {{ source_expr.replace('property_', 'deal.property_') }} as lead_source__source,
        deal._malformed,
        deal._source_row
    from deal
    left join stages on deal.deal_pipeline_stage_id = stages.stage_id
    left join accounts on deal.deal_id = accounts.deal_id
    left join type_map on deal.property_dealtype = type_map.source_value
    left join channel_map on {{ source_expr.replace('property_', 'deal.property_') }} = channel_map.source_value
)

select * from final
