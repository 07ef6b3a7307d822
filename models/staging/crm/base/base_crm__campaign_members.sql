{#- Every raw campaign_members row, parsed and triaged; the latest created_at wins. -#}

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

final as (
    {{ triage(
    'parsed',
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
