with users as (
    select * from {{ ref('stg_crm__users') }}
),

final as (
    select
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
