{#- Win rate per month with its numerator and denominator: the 12 months ending with
    each pack period × segment × region. -#}

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
        won_deals,
        closed_deals,
        win_rate,
        {{ is_small_sample('closed_deals') }} as is_small_sample,
        month as window_start,
        month_end as window_end
    from trend
)

select * from final
