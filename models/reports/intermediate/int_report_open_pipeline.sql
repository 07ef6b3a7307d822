{#- Open pipeline at each pack period's end per segment × region × stage ('all' for the
    total of the stages), in var reporting_currency at the period's rate (deals valued
    at their created month's USD rate, as in fct_pipeline_snapshots). -#}

with periods as (
    select * from {{ ref('int_report_periods') }}
),

snapshots as (
    select * from {{ ref('fct_pipeline_snapshots') }}
),

fx as (
    select * from {{ ref('int_reporting_fx') }}
),

in_periods as (
    select
        periods.period,
        snapshots.segment,
        snapshots.region,
        snapshots.stage_name,
        snapshots.open_deals,
        snapshots.open_amount_usd / fx.reporting_usd_per_unit as open_amount
    from periods
    inner join snapshots on periods.period = snapshots.month
    inner join fx on periods.period = fx.month
),

by_stage as (
    {{ segment_region_cube('in_periods', ['period', 'stage_name'], [
        ['open_deals', 'sum(open_deals)'],
        ['open_pipeline', 'sum(open_amount)'],
    ]) }}
),

final as (
    select period, segment, region, stage_name, open_deals, open_pipeline
    from by_stage
    union all
    select
        period,
        segment,
        region,
        'all' as stage_name,
        sum(open_deals) as open_deals,
        sum(open_pipeline) as open_pipeline
    from by_stage
    group by period, segment, region
)

select * from final
