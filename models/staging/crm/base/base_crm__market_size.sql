{#- Every raw market_size row, parsed and triaged. -#}

with source as (
    {{ raw_source('market_size') }}
),

parsed as (
    select
        _source_row,
        _malformed,
        -- custom fields (var custom_fields), typed as declared
        {{ custom_field_columns('market_size', typed=true) }}
        -- keys
        {{ parse_date('period_start') }} as period_start,
        period_start as period_start__text,
        {{ parse_date('period_end') }} as period_end,
        period_end as period_end__text,
        upper(segment) as segment,
        -- numerics
        {{ parse_number('market_revenue') }} as market_revenue,
        market_revenue as market_revenue__text
    from source
),

final as (
    {{ triage(
    'parsed',
    key=['period_start', 'segment'],
    rules=[
        [
            "period_end is null or period_end < period_start",
            "bad_period",
            "'period_end is missing or before period_start: ' || coalesce(period_end__text, '(empty)')",
        ],
        [
            "market_revenue is null",
            "not_a_number",
            "'market_revenue is not a number: ' || coalesce(market_revenue__text, '(empty)')",
        ],
        [
            "market_revenue < 0",
            "negative_amount",
            "'market_revenue is negative: ' || market_revenue__text",
        ],
    ],
    newest_first='_source_row desc',
    optional=[],
    parsed_keys=['period_start'],
) }}
)

select * from final
