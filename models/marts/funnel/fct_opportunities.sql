{#- One row per opportunity: account segment and region, USD amounts (pipeline at the
    created month's rate, revenue at the close month's rate), sourcing, days to close,
    current stage and when it entered each stage of var opportunity_stages (from stage
    history). -#}
-- noqa: disable=LT02

{%- set stages = var('opportunity_stages') | map('lower') | list %}

with opportunities as (
    select * from {{ ref('int_opportunities_converted') }}
),

stage_history as (
    select * from {{ ref('stg_crm__opportunity_stage_history') }}
),

influences as (
    select
        opportunity_id,
        count(*) as influencing_touches,
        min(responded_at) as influenced_at
    from {{ ref('int_opportunity_influences') }}
    group by opportunity_id
),

source_campaigns as (
    select * from {{ ref('int_leads_source_campaigns') }}
),

stage_entries as (
    select
        opportunity_id,
        {%- for stage in stages %}
            min(case when lower(stage_name) = '{{ stage }}' then changed_at end)
                as entered_{{ stage | replace(' ', '_') }}_at,
        {%- endfor %}
        count(*) as stage_changes
    from stage_history
    group by opportunity_id
),

final as (
    select
        {{ source_system('opportunities.opportunity_id') }} as source_system,
        -- custom fields (var custom_fields)
        {{ custom_field_columns('opportunities', prefix='opportunities.') }}
        -- ids
        opportunities.opportunity_id,
        opportunities.account_id,
        opportunities.owner_id,
        opportunities.primary_campaign_id,
        opportunities.converted_lead_id,
        -- attributes
        opportunities.opportunity_name,
        opportunities.segment,
        opportunities.region,
        opportunities.opportunity_type,
        opportunities.lead_source,
        opportunities.converted_lead_source,
        case when opportunities.is_marketing_sourced then 'marketing' else 'sales' end as sourcing,
        opportunities.is_marketing_sourced,
        source_campaigns.source_campaign_id,
        coalesce(influences.influencing_touches, 0) > 0 as is_influenced,
        coalesce(influences.influencing_touches, 0) as influencing_touches,
        influences.influenced_at,
        coalesce(
            influences.influenced_at < cast({{ dbt.dateadd('month', 1, 'opportunities.created_month') }} as timestamp),
            false
        ) as is_influenced_at_creation,
        opportunities.stage_name,
        opportunities.forecast_category,
        opportunities.loss_reason,
        opportunities.competitor,
        -- status
        opportunities.is_closed,
        opportunities.is_won,
        opportunities.is_closed and not opportunities.is_won as is_lost,
        -- money
        opportunities.currency_code,
        opportunities.amount,
        opportunities.probability,
        opportunities.created_usd_per_unit,
        opportunities.close_usd_per_unit,
        opportunities.pipeline_amount_usd,
        opportunities.closed_amount_usd,
        case when opportunities.is_won then opportunities.closed_amount_usd end as won_amount_usd,
        -- time
        opportunities.created_at,
        cast(opportunities.created_at as date) as created_date,
        opportunities.created_month,
        opportunities.close_date,
        opportunities.close_month,
        case
            when opportunities.is_closed
                then {{ dbt.datediff('cast(opportunities.created_at as date)', 'opportunities.close_date', 'day') }}
        end as days_to_close,
        {%- for stage in stages %}
            stage_entries.entered_{{ stage | replace(' ', '_') }}_at,
        {%- endfor %}
        coalesce(stage_entries.stage_changes, 0) as stage_changes
    from opportunities
    left join stage_entries on opportunities.opportunity_id = stage_entries.opportunity_id
    left join influences on opportunities.opportunity_id = influences.opportunity_id
    left join source_campaigns on opportunities.converted_lead_id = source_campaigns.lead_id
)

select * from final
