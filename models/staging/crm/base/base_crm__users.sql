{#- Every raw users row, parsed and triaged (see macros/triage.sql). -#}

with source as (
    {{ raw_source('users') }}
),

parsed as (
    select
        _source_row,
        _malformed,
        -- custom fields (var custom_fields), typed as declared
        {{ custom_field_columns('users', typed=true) }}
        -- ids
        user_id,
        manager_id,
        -- strings
        full_name,
        lower(email) as email,
        lower(department) as department,
        role,
        team,
        upper(region) as region,
        -- booleans
        {{ parse_bool('is_active') }} as is_active,
        is_active as is_active__text
    from source
),

final as (
    {{ triage(
    'parsed',
    key=['user_id'],
    rules=[

    ],
    newest_first='_source_row desc',
    optional=['is_active'],
) }}
)

select * from final
