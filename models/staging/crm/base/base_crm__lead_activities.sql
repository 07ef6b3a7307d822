{#- Every raw lead_activities row, parsed and triaged. -#}

{{ config(
    materialized=event_stream_materialization(),
    unique_key='_row_key',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
) }}

with source as (
    {{ raw_source('lead_activities') }}
),

parsed as (
    select
        _source_row,
        _malformed,
        -- custom fields (var custom_fields), typed as declared
        {{ custom_field_columns('lead_activities', typed=true) }}
        -- ids
        activity_id,
        lead_id,
        user_id,
        -- strings
        lower(activity_type) as activity_type,
        -- timestamps
        {{ parse_timestamp('occurred_at') }} as occurred_at,
        occurred_at as occurred_at__text
    from source
),

keyed as (
    select
        parsed.*,
        -- the key as text: what an incremental build replaces (macros/incremental.sql)
        {{ key_text(['activity_id']) }} as _row_key
    from parsed
),

{% if is_incremental() %}
batch as (
    {{ event_stream_batch('keyed', key=['activity_id'], event_time='occurred_at') }}
),
{% endif %}

final as (
    {{ triage(
    'batch' if is_incremental() else 'keyed',
    key=['activity_id'],
    rules=[
        [
            "lead_id is null",
            "missing_lead",
            "'lead_id is empty: a sales touch counts for a lead (a CRM contact never converted from a lead has none)'",
        ],
    ],
    newest_first='_source_row desc',
    optional=['occurred_at'],
) }}
)

select * from final
