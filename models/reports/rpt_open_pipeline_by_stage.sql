{#- Open pipeline at the pack period's end by stage (chart): per period × segment ×
    region × stage, in stage order (dim_opportunity_stages). -#}

with open_pipeline as (
    select * from {{ ref('int_report_open_pipeline') }}
),

stages as (
    select * from {{ ref('dim_opportunity_stages') }}
),

periods as (
    select * from {{ ref('int_report_periods') }}
),

final as (
    select
        open_pipeline.period,
        open_pipeline.segment,
        open_pipeline.region,
        open_pipeline.stage_name,
        coalesce(stages.stage_order, 999) as stage_order,
        open_pipeline.open_deals,
        open_pipeline.open_pipeline,
        periods.period_end as window_start,
        periods.period_end as window_end
    from open_pipeline
    inner join periods on open_pipeline.period = periods.period
    left join stages on open_pipeline.stage_name = stages.stage_name
    where open_pipeline.stage_name <> 'all'
)

select * from final
