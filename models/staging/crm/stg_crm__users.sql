{#- One row per CRM user.
    Rows that did not survive triage are in rejected_rows / superseded_rows. -#}

with base as (
    select * from {{ ref('base_crm__users') }}
),

final as (
    select
        -- custom fields (var custom_fields)
        {{ custom_field_columns('users') }}
        -- ids
        user_id,
        manager_id,
        -- strings
        full_name,
        email,
        department,
        role,
        team,
        region,
        -- booleans
        is_active
    from base
    where _row_status = 'staged'
)

select * from final
