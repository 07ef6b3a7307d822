{#- One row per sales touch.
    Rows that did not survive triage are in rejected_rows / superseded_rows. -#}

{#- a view: the base model already holds these rows; a table would copy them every build -#}
{{ config(materialized='view') }}

with base as (
    select * from {{ ref('base_crm__lead_activities') }}
),

final as (
    select
        -- custom fields (var custom_fields)
        {{ custom_field_columns('lead_activities') }}
        -- ids
        activity_id,
        lead_id,
        user_id,
        -- strings
        activity_type,
        -- timestamps
        occurred_at
    from base
    where _row_status = 'staged'
)

select * from final
