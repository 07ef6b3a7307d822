{#- Every raw campaigns row, parsed and triaged. Costs must be numbers >= 0 in a currency with a rate. -#}

with source as (
    {{ raw_source('campaigns') }}
),

fx_currencies as (
    select distinct currency_code from {{ ref('stg_crm__fx_rates') }}
),

parsed as (
    select
        _source_row,
        _malformed,
        -- custom fields (var custom_fields), typed as declared
        {{ custom_field_columns('campaigns', typed=true) }}
        -- ids
        campaign_id,
        owner_id,
        parent_campaign_id,
        -- strings
        campaign_name,
        nullif(lower(channel), 'all') as channel,
        channel as channel__text,
        lower(campaign_type) as campaign_type,
        upper(currency_code) as currency_code,
        -- numerics
        {{ parse_number('budgeted_cost') }} as budgeted_cost,
        budgeted_cost as budgeted_cost__text,
        {{ parse_number('actual_cost') }} as actual_cost,
        actual_cost as actual_cost__text,
        -- dates
        {{ parse_date('start_date') }} as start_date,
        start_date as start_date__text,
        {{ parse_date('end_date') }} as end_date,
        end_date as end_date__text
    from source
),

final as (
    {{ triage(
    'parsed',
    key=['campaign_id'],
    rules=[
        [
            "actual_cost__text is not null and actual_cost is null",
            "not_a_number",
            "'actual_cost is not a number: ' || actual_cost__text",
        ],
        [
            "budgeted_cost__text is not null and budgeted_cost is null",
            "not_a_number",
            "'budgeted_cost is not a number: ' || budgeted_cost__text",
        ],
        [
            "actual_cost < 0",
            "negative_amount",
            "'actual_cost is negative: ' || actual_cost__text",
        ],
        [
            "budgeted_cost < 0",
            "negative_amount",
            "'budgeted_cost is negative: ' || budgeted_cost__text",
        ],
        [
            "(actual_cost is not null or budgeted_cost is not null) and (currency_code is null or (currency_code <> 'USD' and currency_code not in (select currency_code from fx_currencies)))",
            "unknown_currency",
            "'no fx rate for currency ' || coalesce(currency_code, '(empty)')",
        ],
    ],
    newest_first='_source_row desc',
    optional=['channel', 'start_date', 'end_date'],
) }}
)

select * from final
