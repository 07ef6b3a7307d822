{#- Every raw opportunities row, parsed and triaged; the latest updated_at wins. -#}

with source as (
    {{ raw_source('opportunities') }}
),

fx_currencies as (
    select distinct currency_code from {{ ref('stg_crm__fx_rates') }}
),

parsed as (
    select
        _source_row,
        _malformed,
        -- custom fields (var custom_fields), typed as declared
        {{ custom_field_columns('opportunities', typed=true) }}
        -- ids
        opportunity_id,
        account_id,
        owner_id,
        primary_campaign_id,
        -- strings
        opportunity_name,
        stage_name,
        upper(currency_code) as currency_code,
        lower(opportunity_type) as opportunity_type,
        nullif(lower(lead_source), 'all') as lead_source,
        lead_source as lead_source__text,
        loss_reason,
        competitor,
        lower(forecast_category) as forecast_category,
        -- numerics
        {{ parse_number('amount') }} as amount,
        amount as amount__text,
        {{ parse_number('probability') }} as probability,
        probability as probability__text,
        -- booleans
        coalesce({{ parse_bool('is_won') }}, lower(stage_name) = 'closed won') as is_won,
        is_won as is_won__text,
        case when {{ parse_bool('is_won') }} is null then is_won end as is_won__unparsed,
        (
            coalesce({{ parse_bool('is_closed') }}, false)
            or coalesce({{ parse_bool('is_won') }}, false)
            or lower(stage_name) in ('closed won', 'closed lost')
        ) as is_closed,
        is_closed as is_closed__text,
        case when {{ parse_bool('is_closed') }} is null then is_closed end as is_closed__unparsed,
        {{ parse_bool('is_deleted') }} as is_deleted,
        is_deleted as is_deleted__text,
        -- timestamps
        {{ parse_timestamp('created_at') }} as created_at,
        created_at as created_at__text,
        {{ parse_timestamp('updated_at') }} as updated_at,
        updated_at as updated_at__text,
        {{ parse_date('close_date') }} as close_date,
        close_date as close_date__text
    from source
),

final as (
    {{ triage(
    'parsed',
    key=['opportunity_id'],
    rules=[
        [
            "created_at is null",
            "bad_timestamp",
            "case when created_at__text is null then 'created_at is missing' else 'created_at is not a timestamp in the plausible range: ' || created_at__text end",
        ],
        [
            "is_closed and close_date is null",
            "missing_close_date",
            "case when close_date__text is null then 'closed without a close_date' else 'close_date is not a date in the plausible range: ' || close_date__text end",
        ],
        [
            "amount__text is not null and amount is null",
            "not_a_number",
            "'amount is not a number: ' || amount__text",
        ],
        [
            "amount < 0",
            "negative_amount",
            "'amount is negative: ' || amount__text",
        ],
        [
            "(amount is not null) and (currency_code is null or (currency_code <> 'USD' and currency_code not in (select currency_code from fx_currencies)))",
            "unknown_currency",
            "'no fx rate for currency ' || coalesce(currency_code, '(empty)')",
        ],
    ],
    newest_first='updated_at desc nulls last',
    deleted='is_deleted',
    optional=['lead_source', 'probability', 'is_deleted', 'updated_at', 'close_date'],
    fallbacks=['is_won', 'is_closed'],
) }}
)

select * from final
