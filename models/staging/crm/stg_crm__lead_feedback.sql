{#- One row per sales verdict.
    Rows that did not survive triage are in rejected_rows / superseded_rows. -#}

with base as (
    select * from {{ ref('base_crm__lead_feedback') }}
),

final as (
    select
        -- custom fields (var custom_fields)
        {{ custom_field_columns('lead_feedback') }}
        -- ids
        feedback_id,
        lead_id,
        submitted_by,
        -- strings
        verdict,
        reason,
        comment,
        -- numerics
        rating,
        -- timestamps
        submitted_at
    from base
    where _row_status = 'staged'
)

select * from final
