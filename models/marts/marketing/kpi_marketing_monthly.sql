{#- Marketing's contribution per month (all segments and regions): marketing-sourced and
    marketing-influenced pipeline and revenue. Metrics and definitions are the `metrics`
    meta in _marketing__models.yml (they join metric_definitions). -#}

with months as (
    select * from {{ ref('int_months') }}
),

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

created as (
    select
        created_month as month,
        sum(case when is_marketing_sourced then pipeline_amount_usd else 0 end) as marketing_sourced_pipeline,
        sum(case when is_influenced_at_creation then 1 else 0 end) as influenced_opportunities,
        sum(case when is_influenced_at_creation then pipeline_amount_usd else 0 end) as influenced_pipeline,
        sum(pipeline_amount_usd) as pipeline_created
    from opportunities
    group by created_month
),

won as (
    select
        close_month as month,
        sum(case when is_marketing_sourced then won_amount_usd else 0 end) as marketing_sourced_revenue,
        sum(case when is_influenced then won_amount_usd else 0 end) as influenced_revenue,
        sum(won_amount_usd) as won_revenue
    from opportunities
    where is_won
    group by close_month
),

final as (
    select
        months.month,
        coalesce(created.marketing_sourced_pipeline, 0) as marketing_sourced_pipeline,
        coalesce(won.marketing_sourced_revenue, 0) as marketing_sourced_revenue,
        coalesce(created.influenced_opportunities, 0) as influenced_opportunities,
        coalesce(created.influenced_pipeline, 0) as influenced_pipeline,
        coalesce(won.influenced_revenue, 0) as influenced_revenue,
        {{ safe_divide('created.marketing_sourced_pipeline', 'created.pipeline_created') }}
            as marketing_sourced_pipeline_share,
        {{ safe_divide('created.influenced_pipeline', 'created.pipeline_created') }}
            as influenced_pipeline_share,
        {{ safe_divide('won.influenced_revenue', 'won.won_revenue') }} as influenced_revenue_share
    from months
    left join created on months.month = created.month
    left join won on months.month = won.month
)

select * from final
