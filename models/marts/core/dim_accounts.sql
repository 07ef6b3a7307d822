with accounts as (
    select * from {{ ref('stg_crm__accounts') }}
),

users as (
    select * from {{ ref('stg_crm__users') }}
),

final as (
    select
        {{ source_system('accounts.account_id') }} as source_system,
        -- custom fields (var custom_fields)
        {{ custom_field_columns('accounts', prefix='accounts.') }}
        accounts.account_id,
        accounts.account_name,
        accounts.industry,
        coalesce(accounts.segment, 'unknown') as segment,
        coalesce(accounts.region, 'unknown') as region,
        accounts.country,
        accounts.employee_count,
        accounts.owner_id,
        users.full_name as owner_name,
        accounts.created_at
    from accounts
    left join users on accounts.owner_id = users.user_id
)

select * from final
