{#- The pipeline bridge of the pack period (table): open at the start + added + amount
    changes - won - lost = open at the end, per period × segment × region, every column
    in var reporting_currency at the period's rate (deals at their created month's USD
    rate, so the bridge balances and FX moves never look like deal changes). Won and
    lost are negative: the row adds up. -#}

with periods as (
    select * from {{ ref('int_report_periods') }}
),

movement as (
    select * from {{ ref('fct_pipeline_movement') }}
),

fx as (
    select * from {{ ref('int_reporting_fx') }}
),

in_periods as (
    select
        periods.period,
        movement.segment,
        movement.region,
        movement.open_at_start_usd / fx.reporting_usd_per_unit as open_at_start,
        movement.created_usd / fx.reporting_usd_per_unit as created,
        movement.amount_changes_usd / fx.reporting_usd_per_unit as amount_changes,
        movement.won_usd / fx.reporting_usd_per_unit as won,
        movement.lost_usd / fx.reporting_usd_per_unit as lost,
        movement.open_at_end_usd / fx.reporting_usd_per_unit as open_at_end
    from periods
    inner join movement on periods.period = movement.month
    inner join fx on periods.period = fx.month
),

cubed as (
    {{ segment_region_cube('in_periods', ['period'], [
        ['pipeline_open_at_start', 'sum(open_at_start)'],
        ['pipeline_added', 'sum(created)'],
        ['pipeline_amount_changes', 'sum(amount_changes)'],
        ['pipeline_won_out', '-sum(won)'],
        ['pipeline_lost_out', '-sum(lost)'],
        ['pipeline_open_at_end', 'sum(open_at_end)'],
    ]) }}
),

final as (
    select
        cubed.*,
        periods.period_start as window_start,
        periods.period_end as window_end
    from cubed
    inner join periods on cubed.period = periods.period
)

select * from final
