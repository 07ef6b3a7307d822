{#- Attribution by channel (chart): per pack period × segment × region × attribution
    model × channel, the pipeline created in the period and the revenue won in it that
    the model attributes to the channel's campaign responses, in var reporting_currency.
    Metric names carry the model (attributed_pipeline_linear, ...): each model is its own
    definition. Channels with nothing attributed are left out. -#}

with periods as (
    select * from {{ ref('int_report_periods') }}
),

attribution as (
    select * from {{ ref('fct_attribution') }}
),

fx as (
    select * from {{ ref('int_reporting_fx') }}
),

-- each attribution row in the month it was created (its pipeline, and its revenue when
-- won the same month) and in the month it was won, if another: periods then join on one
-- equality (a join on "created in the period or won in it" compares every row with
-- every period)
by_month as (
    select
        model, channel, segment, region,
        created_month as month,
        attributed_pipeline,
        case when close_month = created_month then attributed_revenue else 0 end
            as attributed_revenue
    from attribution
    union all
    select
        model, channel, segment, region,
        close_month as month,
        0 as attributed_pipeline,
        attributed_revenue
    from attribution
    where is_won and (created_month is null or created_month <> close_month)
),

in_periods as (
    select
        periods.period,
        by_month.model,
        by_month.channel,
        by_month.segment,
        by_month.region,
        by_month.attributed_pipeline / fx.reporting_usd_per_unit as attributed_pipeline,
        by_month.attributed_revenue / fx.reporting_usd_per_unit as attributed_revenue
    from periods
    inner join fx on periods.period = fx.month
    inner join by_month on by_month.month = periods.period
),

cubed as (
    {{ segment_region_cube('in_periods', ['period', 'model', 'channel'], [
        ['attributed_pipeline', 'sum(attributed_pipeline)'],
        ['attributed_revenue', 'sum(attributed_revenue)'],
    ]) }}
),

final as (
    select
        cubed.period,
        cubed.segment,
        cubed.region,
        cubed.model,
        cubed.channel,
        row_number() over (
            partition by cubed.period, cubed.segment, cubed.region, cubed.model
            order by {{ ranking_amount('cubed.attributed_pipeline') }} desc, cubed.channel asc
        ) as sort_order,
        {{ dbt.concat(["'attributed_pipeline_'", 'cubed.model']) }} as pipeline_metric,
        cubed.attributed_pipeline,
        {{ dbt.concat(["'attributed_revenue_'", 'cubed.model']) }} as revenue_metric,
        cubed.attributed_revenue,
        periods.period_start as window_start,
        periods.period_end as window_end
    from cubed
    inner join periods on cubed.period = periods.period
    where cubed.attributed_pipeline > 0 or cubed.attributed_revenue > 0
)

select * from final
