{#- One row per month × segment × metric.
    Rows that did not survive triage are in rejected_rows / superseded_rows. -#}

with base as (
    select * from {{ ref('base_crm__targets') }}
),

final as (
    select
        -- custom fields (var custom_fields)
        {{ custom_field_columns('targets') }}
        -- keys
        month,
        segment,
        metric,
        -- numerics
        target_value
    from base
    where _row_status = 'staged'
)

select * from final
