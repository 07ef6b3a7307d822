{#- Pipeline created per month with its target (region 'all' only): the 12 months ending
    with each pack period × segment × region. -#}

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
        pipeline_created,
        pipeline_target,
        pipeline_attainment,
        month as window_start,
        month_end as window_end
    from trend
)

select * from final
