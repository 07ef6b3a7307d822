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

-- two equality joins, not one join on "created in the period or won in it": a join on
-- an or-condition compares every attribution row with every period
created_in_period as (
    select
        periods.period,
        attribution.model,
        attribution.channel,
        attribution.segment,
        attribution.region,
        attribution.attributed_pipeline / fx.reporting_usd_per_unit as attributed_pipeline,
        case
            when attribution.close_month = periods.period
                then attribution.attributed_revenue / fx.reporting_usd_per_unit
            else 0
        end as attributed_revenue
    from periods
    inner join fx on periods.period = fx.month
    inner join attribution on attribution.created_month = periods.period
),

won_in_period as (
    select
        periods.period,
        attribution.model,
        attribution.channel,
        attribution.segment,
        attribution.region,
        0 as attributed_pipeline,
        attribution.attributed_revenue / fx.reporting_usd_per_unit as attributed_revenue
    from periods
    inner join fx on periods.period = fx.month
    inner join attribution on attribution.close_month = periods.period
    where attribution.is_won
        and (attribution.created_month is null or attribution.created_month <> periods.period)
),

in_periods as (
    select * from created_in_period
    union all
    select * from won_in_period
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
