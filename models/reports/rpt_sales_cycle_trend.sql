{#- Sales cycle and average deal size per month, with the won deals they average over:
    the 12 months ending with each pack period × segment × region. -#}

with trend as (
    select * from {{ ref('int_report_monthly_trend') }}
),

final as (
    select
        period,
        segment,
        region,
        month,
        sort_order,
        is_period,
        sales_cycle_days,
        avg_deal_size,
        won_deals,
        {{ is_small_sample('won_deals') }} as is_small_sample,
        month as window_start,
        month_end as window_end
    from trend
)

select * from final
