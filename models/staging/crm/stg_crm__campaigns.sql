{#- One row per campaign.
    Rows that did not survive triage are in rejected_rows / superseded_rows. -#}

with base as (
    select * from {{ ref('base_crm__campaigns') }}
),

final as (
    select
        -- custom fields (var custom_fields)
        {{ custom_field_columns('campaigns') }}
        -- ids
        campaign_id,
        owner_id,
        parent_campaign_id,
        -- strings
        campaign_name,
        channel,
        campaign_type,
        currency_code,
        -- numerics
        budgeted_cost,
        actual_cost,
        -- dates
        start_date,
        end_date
    from base
    where _row_status = 'staged'
)

select * from final
