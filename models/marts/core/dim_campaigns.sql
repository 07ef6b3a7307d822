with campaigns as (
    select * from {{ ref('stg_crm__campaigns') }}
),

spend as (
    select * from {{ ref('int_campaign_spend_monthly') }}
),

campaign_spend as (
    select campaign_id, sum(spend_usd) as actual_cost_usd
    from spend
    group by campaign_id
),

final as (
    select
        {{ source_system('campaigns.campaign_id') }} as source_system,
        -- custom fields (var custom_fields)
        {{ custom_field_columns('campaigns', prefix='campaigns.') }}
        campaigns.campaign_id,
        campaigns.campaign_name,
        campaigns.channel,
        campaigns.channel in {{ sql_list(var('marketing_channels')) }} as is_marketing_channel,
        campaigns.campaign_type,
        campaigns.parent_campaign_id,
        parents.campaign_name as parent_campaign_name,
        campaigns.owner_id,
        campaigns.start_date,
        campaigns.end_date,
        campaigns.currency_code,
        campaigns.budgeted_cost,
        campaigns.actual_cost,
        coalesce(campaign_spend.actual_cost_usd, 0) as actual_cost_usd
    from campaigns
    left join campaigns as parents on campaigns.parent_campaign_id = parents.campaign_id
    left join campaign_spend on campaigns.campaign_id = campaign_spend.campaign_id
)

select * from final
