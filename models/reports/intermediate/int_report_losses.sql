{#- Deals lost per pack period × segment × region × loss reason × competitor (close month;
    segment and region of the account), amount in var reporting_currency at the close
    month's rate. -#}

with periods as (
    select * from {{ ref('int_report_periods') }}
),

opportunities as (
    select * from {{ ref('fct_opportunities') }}
    where is_lost
),

fx as (
    select * from {{ ref('int_reporting_fx') }}
),

in_periods as (
    select
        periods.period,
        opportunities.segment,
        opportunities.region,
        coalesce(opportunities.loss_reason, 'not given') as loss_reason,
        coalesce(opportunities.competitor, 'none named') as competitor,
        coalesce(opportunities.closed_amount_usd, 0) / fx.reporting_usd_per_unit as lost_amount
    from periods
    inner join opportunities on periods.period = opportunities.close_month
    inner join fx on periods.period = fx.month
),

final as (
    {{ segment_region_cube('in_periods', ['period', 'loss_reason', 'competitor'], [
        ['lost_deals', 'count(*)'],
        ['lost_deal_amount', 'sum(lost_amount)'],
    ]) }}
)

select * from final
