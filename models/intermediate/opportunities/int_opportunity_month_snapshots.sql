{#- One row per opportunity × month at whose end it was open: its stage, amount (USD at
    the created month's rate), close date, probability and forecast category then
    (macros/opportunity_snapshots.sql says where each comes from). -#}

with opportunities as (
    select * from {{ ref('int_opportunities_converted') }}
),

amount_events as (
    select * from {{ ref('int_opportunity_amount_events') }}
),

stage_history as (
    select * from {{ ref('stg_crm__opportunity_stage_history') }}
),

field_values as (
    select * from {{ ref('int_opportunity_field_values') }}
),

stages as (
    select * from {{ ref('dim_opportunity_stages') }}
),

months as (
    select * from {{ ref('int_months') }}
),

month_ends as (
    select
        month,
        cast(next_month as timestamp) as snapshot_at
    from months
),

{{ opportunity_snapshots('month_ends', ['month']) }},

final as (
    select
        opportunity_id,
        month,
        segment,
        region,
        owner_id,
        stage_name,
        stage_order,
        is_stage_from_history,
        open_amount_usd,
        close_date,
        probability,
        forecast_category,
        open_amount_usd * coalesce(probability, 0) / 100 as weighted_amount_usd
    from snapshots
)

select * from final
