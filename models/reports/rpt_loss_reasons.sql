{#- Why deals were lost (chart): per pack period × segment × region × loss reason, the
    deals lost in the period and their amount, largest amount first. -#}

with losses as (
    select * from {{ ref('int_report_losses') }}
),

periods as (
    select * from {{ ref('int_report_periods') }}
),

grouped as (
    select
        period,
        segment,
        region,
        loss_reason,
        sum(lost_deals) as lost_deals,
        sum(lost_deal_amount) as lost_deal_amount
    from losses
    group by period, segment, region, loss_reason
),

final as (
    select
        grouped.period,
        grouped.segment,
        grouped.region,
        grouped.loss_reason,
        row_number() over (
            partition by grouped.period, grouped.segment, grouped.region
            order by {{ ranking_amount('grouped.lost_deal_amount') }} desc, grouped.loss_reason asc
        ) as sort_order,
        grouped.lost_deals,
        grouped.lost_deal_amount,
        periods.period_start as window_start,
        periods.period_end as window_end
    from grouped
    inner join periods on grouped.period = periods.period
)

select * from final
