{#- Market share (table): per pack period and segment, the latest market_size period that
    ended by the pack period's end, with won revenue closed in it, the market's revenue,
    the share and its change against the segment's previous market period
    (kpi_market_share). Money in var reporting_currency, both at the rate of the market
    period's last month, so the share is the same in any currency. Market size has no
    region: the table is for all regions. -#}

with periods as (
    select * from {{ ref('int_report_periods') }}
),

shares as (
    select * from {{ ref('kpi_market_share') }}
),

fx as (
    select * from {{ ref('int_reporting_fx') }}
),

ended as (
    select
        periods.period,
        shares.segment,
        shares.period_start,
        max(shares.period_start) over (partition by periods.period, shares.segment) as latest_start
    from periods
    inner join shares on shares.period_end <= periods.period_end
),

final as (
    select
        ended.period,
        shares.segment,
        'all' as region,
        row_number() over (partition by ended.period order by shares.segment) as sort_order,
        shares.won_revenue / fx.reporting_usd_per_unit as market_won_revenue,
        shares.market_revenue / fx.reporting_usd_per_unit as market_revenue,
        shares.market_share,
        shares.share_change_pp,
        shares.period_start as window_start,
        shares.period_end as window_end
    from ended
    inner join shares
        on ended.segment = shares.segment
        and ended.period_start = shares.period_start
    inner join fx on {{ month_of('shares.period_end') }} = fx.month
    where ended.period_start = ended.latest_start
)

select * from final
