{#- Every raw accounts row, parsed and triaged. -#}

with source as (
    {{ raw_source('accounts') }}
),

parsed as (
    select
        _source_row,
        _malformed,
        -- custom fields (var custom_fields), typed as declared
        {{ custom_field_columns('accounts', typed=true) }}
        -- ids
        account_id,
        owner_id,
        -- strings
        account_name,
        industry,
        upper(segment) as segment,
        upper(region) as region,
        upper(country) as country,
        -- numerics
        {{ parse_bigint('employee_count') }} as employee_count,
        employee_count as employee_count__text,
        -- timestamps
        {{ parse_timestamp('created_at') }} as created_at,
        created_at as created_at__text
    from source
),

final as (
    {{ triage(
    'parsed',
    key=['account_id'],
    rules=[

    ],
    newest_first='_source_row desc',
    optional=['employee_count', 'created_at'],
) }}
)

select * from final
