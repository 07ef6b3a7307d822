{#- One row per opportunity × week of a fiscal quarter (int_quarter_weeks) at whose end it
    was open with a close date (as the CRM said then) in that quarter: stage, amount,
    close date, probability and forecast category then, as in
    int_opportunity_month_snapshots (macros/opportunity_snapshots.sql). Only the deals a
    week's coverage counts: the others would be most of the rows. -#}

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

weeks as (
    select * from {{ ref('int_quarter_weeks') }}
),

{{ opportunity_snapshots('weeks', ['fiscal_quarter_start', 'fiscal_quarter_end', 'week_of_quarter', 'week_end']) }},

final as (
    select
        opportunity_id,
        fiscal_quarter_start,
        fiscal_quarter_end,
        week_of_quarter,
        week_end,
        segment,
        region,
        owner_id,
        stage_name,
        stage_order,
        open_amount_usd,
        close_date,
        probability,
        forecast_category
    from snapshots
    where close_date >= fiscal_quarter_start
        and close_date <= fiscal_quarter_end
)

select * from final
