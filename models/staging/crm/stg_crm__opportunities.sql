{#- One row per opportunity (latest version, not deleted).
    Rows that did not survive triage are in rejected_rows / superseded_rows. -#}

with base as (
    select * from {{ ref('base_crm__opportunities') }}
),

final as (
    select
        -- custom fields (var custom_fields)
        {{ custom_field_columns('opportunities') }}
        -- ids
        opportunity_id,
        account_id,
        owner_id,
        primary_campaign_id,
        -- strings
        opportunity_name,
        stage_name,
        currency_code,
        opportunity_type,
        lead_source,
        loss_reason,
        competitor,
        forecast_category,
        -- numerics
        amount,
        probability,
        -- booleans
        is_closed,
        is_won,
        -- timestamps
        created_at,
        updated_at,
        close_date
    from base
    where _row_status = 'staged'
)

select * from final
