{#- Every raw targets row, parsed and triaged. -#}

with source as (
    {{ raw_source('targets') }}
),

parsed as (
    select
        _source_row,
        _malformed,
        -- custom fields (var custom_fields), typed as declared
        {{ custom_field_columns('targets', typed=true) }}
        -- keys
        {{ month_of(parse_date('month')) }} as month,
        month as month__text,
        upper(segment) as segment,
        lower(metric) as metric,
        -- numerics
        {{ parse_number('target_value') }} as target_value,
        target_value as target_value__text
    from source
),

final as (
    {{ triage(
    'parsed',
    key=['month', 'segment', 'metric'],
    rules=[
        [
            "target_value is null",
            "not_a_number",
            "'target_value is not a number: ' || coalesce(target_value__text, '(empty)')",
        ],
        [
            "target_value < 0",
            "negative_amount",
            "'target_value is negative: ' || target_value__text",
        ],
    ],
    newest_first='_source_row desc',
    optional=[],
    parsed_keys=['month'],
) }}
)

select * from final
