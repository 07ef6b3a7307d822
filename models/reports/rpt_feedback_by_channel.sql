{#- Sales verdicts by channel (chart and table): per pack period × segment × region ×
    channel, the verdicts submitted in the period, the acceptance rate with its
    numerator and denominator, and the average rating. Lowest acceptance first. -#}

with feedback as (
    select * from {{ ref('int_report_feedback') }}
),

periods as (
    select * from {{ ref('int_report_periods') }}
),

grouped as (
    select
        period,
        segment,
        region,
        channel,
        sum(sales_verdicts) as sales_verdicts,
        sum(accepted_verdicts) as accepted_verdicts,
        sum(rejected_verdicts) as rejected_verdicts,
        sum(rated_verdicts) as rated_verdicts,
        sum(rating_sum) as rating_sum
    from feedback
    group by period, segment, region, channel
),

rated as (
    select
        grouped.*,
        grouped.accepted_verdicts + grouped.rejected_verdicts as decided_verdicts,
        {{ safe_divide('grouped.accepted_verdicts', 'grouped.accepted_verdicts + grouped.rejected_verdicts') }}
            as acceptance_rate,
        {{ safe_divide('grouped.rating_sum', 'grouped.rated_verdicts') }} as avg_lead_rating,
        {{ is_small_sample('grouped.accepted_verdicts + grouped.rejected_verdicts') }} as is_small_sample
    from grouped
),

final as (
    select
        rated.period,
        rated.segment,
        rated.region,
        rated.channel,
        row_number() over (
            partition by rated.period, rated.segment, rated.region
            order by
                case when rated.acceptance_rate is null then 1 else 0 end,
                rated.acceptance_rate,
                rated.channel
        ) as sort_order,
        rated.sales_verdicts,
        rated.accepted_verdicts,
        rated.rejected_verdicts,
        rated.decided_verdicts,
        rated.acceptance_rate,
        rated.is_small_sample,
        rated.rated_verdicts,
        rated.avg_lead_rating,
        periods.period_start as window_start,
        periods.period_end as window_end
    from rated
    inner join periods on rated.period = periods.period
)

select * from final
