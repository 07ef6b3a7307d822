{#- Marketing's share of the pack period (table and sentence), per period × segment ×
    region: pipeline created, the part marketing sourced and the part campaigns
    influenced by the period's end, and the same for won revenue, in var
    reporting_currency (pipeline at the created month's rate, revenue at the close
    month's). Pipeline created, won revenue and sourced pipeline are kpi_monthly's. -#}

with periods as (
    select * from {{ ref('int_report_periods') }}
),

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

kpis as (
    select * from {{ ref('int_report_monthly_kpis') }}
),

fx as (
    select * from {{ ref('int_reporting_fx') }}
),

deals as (
    select
        periods.period,
        opportunities.segment,
        opportunities.region,
        case
            when opportunities.created_month = periods.period and opportunities.is_influenced_at_creation
                then opportunities.pipeline_amount_usd / fx.reporting_usd_per_unit
            else 0
        end as influenced_pipeline,
        case
            when opportunities.close_month = periods.period and opportunities.is_won
                and opportunities.is_marketing_sourced
                then opportunities.won_amount_usd / fx.reporting_usd_per_unit
            else 0
        end as marketing_sourced_revenue,
        case
            when opportunities.close_month = periods.period and opportunities.is_won
                and opportunities.is_influenced
                then opportunities.won_amount_usd / fx.reporting_usd_per_unit
            else 0
        end as influenced_revenue
    from periods
    inner join fx on periods.period = fx.month
    inner join opportunities
        on opportunities.created_month = periods.period
        or opportunities.close_month = periods.period
),

cubed as (
    {{ segment_region_cube('deals', ['period'], [
        ['influenced_pipeline', 'sum(influenced_pipeline)'],
        ['marketing_sourced_revenue', 'sum(marketing_sourced_revenue)'],
        ['influenced_revenue', 'sum(influenced_revenue)'],
    ]) }}
),

final as (
    select
        periods.period,
        kpis.segment,
        kpis.region,
        kpis.pipeline_created,
        kpis.marketing_sourced_pipeline,
        coalesce(cubed.influenced_pipeline, 0) as influenced_pipeline,
        {{ safe_divide('kpis.marketing_sourced_pipeline', 'kpis.pipeline_created') }}
            as marketing_sourced_pipeline_share,
        {{ safe_divide('coalesce(cubed.influenced_pipeline, 0)', 'kpis.pipeline_created') }}
            as influenced_pipeline_share,
        kpis.won_revenue,
        coalesce(cubed.marketing_sourced_revenue, 0) as marketing_sourced_revenue,
        coalesce(cubed.influenced_revenue, 0) as influenced_revenue,
        periods.period_start as window_start,
        periods.period_end as window_end
    from periods
    inner join kpis on periods.period = kpis.month
    left join cubed
        on periods.period = cubed.period
        and kpis.segment = cubed.segment
        and kpis.region = cubed.region
)

select * from final
