{#- Every raw opportunity_stage_history row, parsed and triaged. -#}

{{ config(
    materialized=event_stream_materialization(),
    unique_key='_row_key',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
) }}

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

keyed as (
    select
        parsed.*,
        -- the key as text: what an incremental build replaces (macros/incremental.sql)
        {{ key_text(['opportunity_id', 'changed_at', 'stage_name']) }} as _row_key
    from parsed
),

{% if is_incremental() %}
batch as (
    {{ event_stream_batch('keyed', key=['opportunity_id', 'changed_at', 'stage_name'], event_time='changed_at') }}
),
{% endif %}

final as (
    {{ triage(
    'batch' if is_incremental() else 'keyed',
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
