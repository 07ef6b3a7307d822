{#- Every raw opportunity_stage_history row, parsed and triaged. -#}

with source as (
    {{ raw_source('opportunity_stage_history') }}
),

parsed as (
    select
        _source_row,
        _malformed,
        -- custom fields (var custom_fields), typed as declared
        {{ custom_field_columns('opportunity_stage_history', typed=true) }}
        -- ids
        opportunity_id,
        -- strings
        stage_name,
        -- numerics
        {{ parse_number('amount') }} as amount,
        amount as amount__text,
        -- timestamps
        {{ parse_timestamp('changed_at') }} as changed_at,
        changed_at as changed_at__text
    from source
),

final as (
    {{ triage(
    'parsed',
    key=['opportunity_id', 'changed_at', 'stage_name'],
    rules=[
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
    ],
    newest_first='_source_row desc',
    optional=[],
) }}
)

select * from final
