{#- One row per stage change.
    Rows that did not survive triage are in rejected_rows / superseded_rows. -#}

{#- a view: the base model already holds these rows; a table would copy them every build -#}
{{ config(materialized='view') }}

with base as (
    select * from {{ ref('base_crm__opportunity_stage_history') }}
),

final as (
    select
        -- custom fields (var custom_fields)
        {{ custom_field_columns('opportunity_stage_history') }}
        -- ids
        opportunity_id,
        -- strings
        stage_name,
        -- numerics
        amount,
        -- timestamps
        changed_at
    from base
    where _row_status = 'staged'
)

select * from final
