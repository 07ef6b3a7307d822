with users as (
    select * from {{ ref('stg_crm__users') }}
),

final as (
    select
        {{ source_system('user_id') }} as source_system,
        -- custom fields (var custom_fields)
        {{ custom_field_columns('users', prefix='') }}
        user_id,
        full_name,
        email,
        department,
        role,
        team,
        region,
        manager_id,
        is_active,
        department in {{ sql_list(var('sales_departments')) }} as is_sales_user
    from users
)

select * from final
