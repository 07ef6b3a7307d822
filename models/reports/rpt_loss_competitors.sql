{#- Loss reasons and competitors (table): per pack period × segment × region, the var
    top_n loss reason × competitor pairs by lost amount in the period. -#}

with losses as (
    select * from {{ ref('int_report_losses') }}
),

periods as (
    select * from {{ ref('int_report_periods') }}
),

ranked as (
    select
        losses.*,
        row_number() over (
            partition by losses.period, losses.segment, losses.region
            order by {{ ranking_amount('losses.lost_deal_amount') }} desc, losses.loss_reason asc, losses.competitor asc
        ) as sort_order
    from losses
),

final as (
    select
        ranked.period,
        ranked.segment,
        ranked.region,
        ranked.loss_reason,
        ranked.competitor,
        {{ dbt.concat(['ranked.loss_reason', "'/'", 'ranked.competitor']) }} as reason_competitor,
        ranked.sort_order,
        ranked.lost_deals,
        ranked.lost_deal_amount,
        periods.period_start as window_start,
        periods.period_end as window_end
    from ranked
    inner join periods on ranked.period = periods.period
    where ranked.sort_order <= {{ var('top_n') }}
)

select * from final
