{#- Every raw fx_rates row, parsed and triaged. A rate must be a number above 0. -#}

with source as (
    {{ raw_source('fx_rates') }}
),

parsed as (
    select
        _source_row,
        _malformed,
        -- custom fields (var custom_fields), typed as declared
        {{ custom_field_columns('fx_rates', typed=true) }}
        -- keys
        {{ month_of(parse_date('month')) }} as month,
        month as month__text,
        upper(currency_code) as currency_code,
        -- numerics
        {{ parse_number('usd_per_unit') }} as usd_per_unit,
        usd_per_unit as usd_per_unit__text
    from source
),

final as (
    {{ triage(
    'parsed',
    key=['month', 'currency_code'],
    rules=[
        [
            "usd_per_unit is null",
            "not_a_number",
            "'usd_per_unit is not a number: ' || coalesce(usd_per_unit__text, '(empty)')",
        ],
        [
            "usd_per_unit <= 0",
            "negative_amount",
            "'usd_per_unit is not above zero: ' || usd_per_unit__text",
        ],
    ],
    newest_first='_source_row desc',
    optional=[],
    parsed_keys=['month'],
) }}
)

select * from final
