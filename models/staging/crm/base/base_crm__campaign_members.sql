{#- Every raw campaign_members row, parsed and triaged; the latest created_at wins. -#}

{{ config(
    materialized=event_stream_materialization(),
    unique_key='_row_key',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
) }}

with source as (
    {{ raw_source('campaign_members') }}
),

parsed as (
    select
        _source_row,
        _malformed,
        -- custom fields (var custom_fields), typed as declared
        {{ custom_field_columns('campaign_members', typed=true) }}
        -- ids
        member_id,
        campaign_id,
        lead_id,
        -- strings
        lower(member_status) as member_status,
        -- timestamps
        {{ parse_timestamp('responded_at') }} as responded_at,
        responded_at as responded_at__text,
        {{ parse_timestamp('created_at') }} as created_at,
        created_at as created_at__text
    from source
),

keyed as (
    select
        parsed.*,
        -- the key as text: what an incremental build replaces (macros/incremental.sql)
        {{ key_text(['member_id']) }} as _row_key
    from parsed
),

{% if is_incremental() %}
batch as (
    {{ event_stream_batch('keyed', key=['member_id'], event_time='created_at') }}
),
{% endif %}

final as (
    {{ triage(
    'batch' if is_incremental() else 'keyed',
    key=['member_id'],
    rules=[
        [
            "lead_id is null",
            "missing_lead",
            "'lead_id is empty: a campaign response counts for a lead (a CRM contact never converted from a lead has none)'",
        ],
        [
            "created_at is null",
            "bad_timestamp",
            "case when created_at__text is null then 'created_at is missing' else 'created_at is not a timestamp in the plausible range: ' || created_at__text end",
        ],
    ],
    newest_first='created_at desc',
    optional=['responded_at'],
) }}
)

select * from final
