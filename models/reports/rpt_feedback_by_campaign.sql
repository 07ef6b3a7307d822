{#- Sales verdicts by campaign (table): per pack period × segment × region, the var top_n
    source campaigns with the most verdicts in the period, with acceptance rate and
    average rating. -#}

with feedback as (
    select * from {{ ref('int_report_feedback') }}
),

campaigns as (
    select * from {{ ref('dim_campaigns') }}
),

periods as (
    select * from {{ ref('int_report_periods') }}
),

grouped as (
    select
        period,
        segment,
        region,
        campaign_id,
        sum(sales_verdicts) as sales_verdicts,
        sum(accepted_verdicts) as accepted_verdicts,
        sum(rejected_verdicts) as rejected_verdicts,
        sum(rated_verdicts) as rated_verdicts,
        sum(rating_sum) as rating_sum
    from feedback
    group by period, segment, region, campaign_id
),

ranked as (
    select
        grouped.*,
        row_number() over (
            partition by grouped.period, grouped.segment, grouped.region
            order by grouped.sales_verdicts desc, grouped.campaign_id asc
        ) as sort_order
    from grouped
),

final as (
    select
        ranked.period,
        ranked.segment,
        ranked.region,
        ranked.campaign_id,
        coalesce(campaigns.campaign_name, 'no source campaign') as campaign_name,
        coalesce(campaigns.channel, 'unknown') as channel,
        ranked.sort_order,
        ranked.sales_verdicts,
        ranked.accepted_verdicts,
        ranked.accepted_verdicts + ranked.rejected_verdicts as decided_verdicts,
        {{ safe_divide('ranked.accepted_verdicts', 'ranked.accepted_verdicts + ranked.rejected_verdicts') }}
            as acceptance_rate,
        {{ is_small_sample('ranked.accepted_verdicts + ranked.rejected_verdicts') }} as is_small_sample,
        {{ safe_divide('ranked.rating_sum', 'ranked.rated_verdicts') }} as avg_lead_rating,
        periods.period_start as window_start,
        periods.period_end as window_end
    from ranked
    inner join periods on ranked.period = periods.period
    left join campaigns on ranked.campaign_id = campaigns.campaign_id
    where ranked.sort_order <= {{ var('top_n') }}
)

select * from final
