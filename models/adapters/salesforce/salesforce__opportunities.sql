{#- Salesforce opportunities as the raw opportunities contract (text).

    opportunity_type  `type` through mapping opportunity_type
    lead_source       through mapping channel
    competitor        the first competitor of opportunity_competitor, else the field var
                      salesforce_fields names
    forecast_category the API value in snake case (BestCase -> best_case)
    account_id        a merged account's master
    currency_code     currency_iso_code (multi-currency orgs), else var salesforce_currency -#}

with opportunity as (
    {{ crm_object('salesforce', 'opportunity', [
        'id', 'name', 'account_id', 'owner_id', 'created_date', 'last_modified_date',
        'system_modstamp', '_fivetran_start', 'close_date', 'stage_name', 'amount',
        'currency_iso_code', 'probability', 'is_closed', 'is_won', 'type', 'lead_source',
        'campaign_id', 'forecast_category', 'is_deleted', '_fivetran_deleted',
    ] + salesforce_field_columns('opportunities') + custom_fields('opportunities') | map(attribute='name') | list) }}
),

competitor as (
    {{ crm_object('salesforce', 'opportunity_competitor', ['opportunity_id', 'competitor_name',
                                                           'created_date', 'is_deleted']) }}
),

type_map as (
    {{ value_mapping('opportunity', 'type', 'opportunity_type') }}
),

channel_map as (
    {{ value_mapping('opportunity', 'lead_source', 'channel') }}
),

account_links as (
    select * from {{ ref('salesforce__account_links') }}
),

first_competitor as (
    select opportunity_id, competitor_name
    from (
        select
            opportunity_id,
            competitor_name,
            row_number() over (
                partition by opportunity_id order by created_date, competitor_name
            ) as competitor_rank
        from competitor
        where coalesce({{ parse_bool('is_deleted') }}, false) = false
    ) as ranked
    where competitor_rank = 1
),

final as (
    select
        opportunity.id as opportunity_id,
        opportunity.name as opportunity_name,
        coalesce(account_links.account_id, opportunity.account_id) as account_id,
        opportunity.owner_id,
        opportunity.created_date as created_at,
        coalesce(
            opportunity._fivetran_start, opportunity.last_modified_date,
            opportunity.system_modstamp, opportunity.created_date
        ) as updated_at,
        opportunity.close_date,
        opportunity.stage_name,
        opportunity.amount,
        coalesce(opportunity.currency_iso_code, '{{ var("salesforce_currency") }}') as currency_code,
        opportunity.probability,
        opportunity.is_closed,
        opportunity.is_won,
        coalesce(type_map.target, opportunity.type) as opportunity_type,
        coalesce(channel_map.target, opportunity.lead_source) as lead_source,
        opportunity.campaign_id as primary_campaign_id,
        {{ normalised_value(salesforce_field_or_null('opportunities', 'loss_reason', 'opportunity')) }}
            as loss_reason,
        coalesce(
            first_competitor.competitor_name,
            {{ salesforce_field_or_null('opportunities', 'competitor', 'opportunity') }}
        ) as competitor,
        case
            when {{ normalised_value('opportunity.forecast_category') }} = 'bestcase' then 'best_case'
            else {{ normalised_value('opportunity.forecast_category') }}
        end as forecast_category,
        case
            when {{ crm_deleted('opportunity') }}
                then 'true'
            else 'false'
        end as is_deleted,
        {{ custom_field_columns('opportunities', prefix='opportunity.') }}
        opportunity.type as opportunity_type__source,
        opportunity.lead_source as lead_source__source,
        opportunity._malformed,
        opportunity._source_row
    from opportunity
    left join type_map on type_map.source_value = opportunity.type
    left join channel_map on channel_map.source_value = opportunity.lead_source
    left join account_links on account_links.linked_id = opportunity.account_id
    left join first_competitor on first_competitor.opportunity_id = opportunity.id
)

select * from final
