{#- One row per month × currency.
    Rows that did not survive triage are in rejected_rows / superseded_rows. -#}

with base as (
    select * from {{ ref('base_crm__fx_rates') }}
),

final as (
    select
        -- custom fields (var custom_fields)
        {{ custom_field_columns('fx_rates') }}
        -- keys
        month,
        currency_code,
        -- numerics
        usd_per_unit
    from base
    where _row_status = 'staged'
)

select * from final
