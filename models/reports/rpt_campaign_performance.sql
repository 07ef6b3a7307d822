{#- Top campaigns (table): per pack period × attribution model, the var top_n campaigns
    with spend in the 12 months ending with the period, ranked by the revenue the model
    attributes to them in those months: spend, MQLs of the leads they created, cost per
    MQL and ROI, all over the 12 months, in var reporting_currency (each month at its
    rate). Campaigns have no segment or region: the table is company-wide. -#}

with periods as (
    select * from {{ ref('int_report_periods') }}
),

monthly as (
    select * from {{ ref('int_report_campaign_monthly') }}
),

windowed as (
    select
        periods.period,
        monthly.model,
        monthly.campaign_id,
        monthly.campaign_name,
        monthly.channel,
        sum(monthly.spend) as campaign_spend_12m,
        sum(monthly.mqls) as campaign_mqls_12m,
        sum(monthly.attributed_revenue) as campaign_attributed_revenue_12m
    from periods
    inner join monthly
        on monthly.month >= periods.trailing_start
        and monthly.month <= periods.period
    group by periods.period, monthly.model, monthly.campaign_id, monthly.campaign_name, monthly.channel
),

ranked as (
    select
        windowed.*,
        row_number() over (
            partition by windowed.period, windowed.model
            order by {{ ranking_amount('windowed.campaign_attributed_revenue_12m') }} desc, windowed.campaign_id asc
        ) as sort_order
    from windowed
    where windowed.campaign_spend_12m > 0
),

final as (
    select
        ranked.period,
        'all' as segment,
        'all' as region,
        ranked.model,
        ranked.campaign_id,
        ranked.campaign_name,
        ranked.channel,
        ranked.sort_order,
        ranked.campaign_spend_12m,
        ranked.campaign_mqls_12m,
        {{ safe_divide('ranked.campaign_spend_12m', 'ranked.campaign_mqls_12m') }} as campaign_cost_per_mql_12m,
        {{ dbt.concat(["'campaign_attributed_revenue_12m_'", 'ranked.model']) }} as revenue_metric,
        ranked.campaign_attributed_revenue_12m,
        {{ dbt.concat(["'campaign_roi_12m_'", 'ranked.model']) }} as roi_metric,
        {{ safe_divide('ranked.campaign_attributed_revenue_12m', 'ranked.campaign_spend_12m') }}
            as campaign_roi_12m,
        {{ is_small_sample('ranked.campaign_mqls_12m') }} as is_small_sample,
        periods.trailing_start as window_start,
        periods.period_end as window_end
    from ranked
    inner join periods on ranked.period = periods.period
    where ranked.sort_order <= {{ var('top_n') }}
)

select * from final
