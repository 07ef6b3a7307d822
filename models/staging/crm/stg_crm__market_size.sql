{#- One row per market_size period × segment.
    Rows that did not survive triage are in rejected_rows / superseded_rows. -#}

with base as (
    select * from {{ ref('base_crm__market_size') }}
),

final as (
    select
        -- custom fields (var custom_fields)
        {{ custom_field_columns('market_size') }}
        -- keys
        period_start,
        period_end,
        segment,
        -- numerics
        market_revenue
    from base
    where _row_status = 'staged'
)

select * from final
