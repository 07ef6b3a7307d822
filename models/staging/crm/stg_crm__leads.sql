{#- One row per lead (latest version, not deleted).
    Rows that did not survive triage are in rejected_rows / superseded_rows. -#}

with base as (
    select * from {{ ref('base_crm__leads') }}
),

final as (
    select
        -- custom fields (var custom_fields)
        {{ custom_field_columns('leads') }}
        -- ids
        lead_id,
        account_id,
        owner_id,
        converted_opportunity_id,
        -- strings
        email,
        company,
        segment,
        region,
        country,
        lead_source,
        status,
        disqualification_reason,
        -- numerics
        score,
        -- timestamps
        created_at,
        updated_at,
        mql_at,
        sal_at,
        sql_at,
        disqualified_at,
        converted_at
    from base
    where _row_status = 'staged'
)

select * from final
