{#- Every raw leads row, parsed and triaged; the latest updated_at wins. -#}

with source as (
    {{ raw_source('leads') }}
),

parsed as (
    select
        _source_row,
        _malformed,
        -- custom fields (var custom_fields), typed as declared
        {{ custom_field_columns('leads', typed=true) }}
        -- ids
        lead_id,
        account_id,
        owner_id,
        converted_opportunity_id,
        -- strings
        lower(email) as email,
        company,
        upper(segment) as segment,
        upper(region) as region,
        upper(country) as country,
        -- 'all' is the pack's word for every channel, never a channel of its own
        nullif(lower(lead_source), 'all') as lead_source,
        lead_source as lead_source__text,
        lower(status) as status,
        disqualification_reason,
        -- numerics
        {{ parse_number('score') }} as score,
        score as score__text,
        -- booleans
        {{ parse_bool('is_deleted') }} as is_deleted,
        is_deleted as is_deleted__text,
        -- timestamps
        {{ parse_timestamp('created_at') }} as created_at,
        created_at as created_at__text,
        {{ parse_timestamp('updated_at') }} as updated_at,
        updated_at as updated_at__text,
        {{ parse_timestamp('mql_at') }} as mql_at,
        mql_at as mql_at__text,
        {{ parse_timestamp('sal_at') }} as sal_at,
        sal_at as sal_at__text,
        {{ parse_timestamp('sql_at') }} as sql_at,
        sql_at as sql_at__text,
        {{ parse_timestamp('disqualified_at') }} as disqualified_at,
        disqualified_at as disqualified_at__text,
        {{ parse_timestamp('converted_at') }} as converted_at,
        converted_at as converted_at__text
    from source
),

final as (
    {{ triage(
    'parsed',
    key=['lead_id'],
    rules=[
        [
            "created_at is null",
            "bad_timestamp",
            "case when created_at__text is null then 'created_at is missing' else 'created_at is not a timestamp in the plausible range: ' || created_at__text end",
        ],
    ],
    newest_first='updated_at desc nulls last',
    deleted='is_deleted',
    optional=['lead_source', 'score', 'is_deleted', 'updated_at', 'mql_at', 'sal_at', 'sql_at', 'disqualified_at', 'converted_at'],
) }}
)

select * from final
