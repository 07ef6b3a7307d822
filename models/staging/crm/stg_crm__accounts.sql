{#- One row per account.
    Rows that did not survive triage are in rejected_rows / superseded_rows. -#}

with base as (
    select * from {{ ref('base_crm__accounts') }}
),

final as (
    select
        -- custom fields (var custom_fields)
        {{ custom_field_columns('accounts') }}
        -- ids
        account_id,
        owner_id,
        -- strings
        account_name,
        industry,
        segment,
        region,
        country,
        -- numerics
        employee_count,
        -- timestamps
        created_at
    from base
    where _row_status = 'staged'
)

select * from final
