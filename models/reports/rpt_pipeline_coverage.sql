{#- Pipeline coverage at the pack period's end (sentence): per period × segment ×
    region, open pipeline over what is left to win of the whole fiscal quarter's revenue
    target (its months after as_of included). Null without a quarter target (a region
    filter: targets are per segment) or when the target is already met. -#}

with open_pipeline as (
    select * from {{ ref('int_report_open_pipeline') }}
    where stage_name = 'all'
),

to_date as (
    select * from {{ ref('int_report_revenue_to_date') }}
),

periods as (
    select * from {{ ref('int_report_periods') }}
),

joined as (
    select
        to_date.period,
        to_date.segment,
        to_date.region,
        coalesce(open_pipeline.open_deals, 0) as open_deals,
        coalesce(open_pipeline.open_pipeline, 0) as open_pipeline,
        to_date.won_revenue_qtd,
        to_date.revenue_target_quarter,
        to_date.revenue_target_quarter - to_date.won_revenue_qtd as revenue_target_remaining_quarter,
        to_date.fiscal_quarter_start,
        to_date.fiscal_quarter_end
    from to_date
    left join open_pipeline
        on to_date.period = open_pipeline.period
        and to_date.segment = open_pipeline.segment
        and to_date.region = open_pipeline.region
),

final as (
    select
        joined.period,
        joined.segment,
        joined.region,
        joined.open_deals,
        joined.open_pipeline,
        joined.won_revenue_qtd,
        joined.revenue_target_quarter,
        joined.revenue_target_remaining_quarter,
        case
            when joined.revenue_target_remaining_quarter > 0
                then joined.open_pipeline / joined.revenue_target_remaining_quarter
        end as pipeline_coverage,
        coalesce(joined.revenue_target_remaining_quarter <= 0, false) as is_quarter_target_met,
        joined.fiscal_quarter_start,
        joined.fiscal_quarter_end,
        periods.period_end as window_start,
        periods.period_end as window_end
    from joined
    inner join periods on joined.period = periods.period
)

select * from final
