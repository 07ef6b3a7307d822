{#- One row per field change of an opportunity (field lower-cased; values as text).
    Rows that did not survive triage are in rejected_rows / superseded_rows. -#}

{#- a view: the base model already holds these rows; a table would copy them every build -#}
{{ config(materialized='view') }}

with base as (
    select * from {{ ref('base_crm__opportunity_field_history') }}
),

final as (
    select
        -- custom fields (var custom_fields)
        {{ custom_field_columns('opportunity_field_history') }}
        -- ids
        opportunity_id,
        -- strings
        field,
        old_value,
        new_value,
        -- timestamps
        changed_at
    from base
    where _row_status = 'staged'
)

select * from final
