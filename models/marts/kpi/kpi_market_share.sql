{#- Market share (the metric definitions): for each market_size period and segment, won revenue (USD, close
    month's rate) with close_date in the period, both ends inclusive, over market_revenue;
    and its change in percentage points against the segment's previous period. -#}

with market_size as (
    select * from {{ ref('stg_crm__market_size') }}
),

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

won as (
    select
        market_size.period_start,
        market_size.segment,
        sum(opportunities.won_amount_usd) as won_revenue
    from market_size
    inner join opportunities
        on opportunities.is_won
        and (opportunities.segment = market_size.segment or market_size.segment = 'ALL')
        and opportunities.close_date >= market_size.period_start
        and opportunities.close_date <= market_size.period_end
    group by market_size.period_start, market_size.segment
),

shares as (
    select
        market_size.period_start,
        market_size.period_end,
        market_size.segment,
        coalesce(won.won_revenue, 0) as won_revenue,
        market_size.market_revenue,
        {{ safe_divide('coalesce(won.won_revenue, 0)', 'market_size.market_revenue') }} as market_share
    from market_size
    left join won
        on market_size.period_start = won.period_start
        and market_size.segment = won.segment
),

final as (
    select
        period_start,
        period_end,
        segment,
        won_revenue,
        market_revenue,
        market_share,
        (
            market_share - lag(market_share) over (partition by segment order by period_start)
        ) * 100 as share_change_pp
    from shares
)

select * from final
