{#- One row per campaign member.
    Rows that did not survive triage are in rejected_rows / superseded_rows. -#}

{#- a view: the base model already holds these rows; a table would copy them every build -#}
{{ config(materialized='view') }}

with base as (
    select * from {{ ref('base_crm__campaign_members') }}
),

final as (
    select
        -- custom fields (var custom_fields)
        {{ custom_field_columns('campaign_members') }}
        -- ids
        member_id,
        campaign_id,
        lead_id,
        -- strings
        member_status,
        -- timestamps
        responded_at,
        created_at
    from base
    where _row_status = 'staged'
)

select * from final
