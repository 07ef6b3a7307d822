{#- Campaigns that spent in the period (table), company-wide: per pack period ×
    attribution model, the var top_n campaigns by spend in the month (none without spend),
    with the month's MQLs, cost per MQL, attributed revenue and ROI, in var
    reporting_currency at the month's rate. -#}

with periods as (
    select * from {{ ref('int_report_periods') }}
),

monthly as (
    select * from {{ ref('int_report_campaign_monthly') }}
),

in_period as (
    select
        periods.period,
        monthly.model,
        monthly.campaign_id,
        monthly.campaign_name,
        monthly.channel,
        monthly.spend as campaign_spend,
        monthly.mqls as campaign_mqls,
        monthly.attributed_revenue as campaign_attributed_revenue
    from periods
    inner join monthly on periods.period = monthly.month
    where monthly.spend > 0
),

ranked as (
    select
        in_period.*,
        row_number() over (
            partition by in_period.period, in_period.model
            order by {{ ranking_amount('in_period.campaign_spend') }} desc, in_period.campaign_id asc
        ) as sort_order
    from in_period
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
        ranked.campaign_spend,
        ranked.campaign_mqls,
        {{ safe_divide('ranked.campaign_spend', 'ranked.campaign_mqls') }} as campaign_cost_per_mql,
        {{ dbt.concat(["'campaign_attributed_revenue_'", 'ranked.model']) }} as revenue_metric,
        ranked.campaign_attributed_revenue,
        {{ dbt.concat(["'campaign_roi_month_'", 'ranked.model']) }} as roi_metric,
        {{ safe_divide('ranked.campaign_attributed_revenue', 'ranked.campaign_spend') }} as campaign_roi,
        {{ is_small_sample('ranked.campaign_mqls') }} as is_small_sample,
        periods.period_start as window_start,
        periods.period_end as window_end
    from ranked
    inner join periods on ranked.period = periods.period
    where ranked.sort_order <= {{ var('top_n') }}
)

select * from final
