{#- The open pipeline at each month end by forecast category and by when it is expected to
    close: month × segment × region × forecast_category × close_quarter, where close_quarter
    places the deal's close date (as the CRM said at month end) against the month's fiscal
    quarter: 'past' (before it), 'current', 'next', 'later' (or 'none': no close date).
    Amounts in USD at the created month's rate; weighted = amount × probability / 100. -#}

with snapshots as (
    select * from {{ ref('int_opportunity_month_snapshots') }}
),

months as (
    select * from {{ ref('dim_months') }}
),

placed as (
    select
        snapshots.month,
        snapshots.segment,
        snapshots.region,
        snapshots.forecast_category,
        case
            when snapshots.close_date is null then 'none'
            when snapshots.close_date < months.fiscal_quarter_start then 'past'
            when snapshots.close_date <= months.fiscal_quarter_end then 'current'
            when snapshots.close_date < {{ dbt.dateadd('month', 6, 'months.fiscal_quarter_start') }}
                then 'next'
            else 'later'
        end as close_quarter,
        snapshots.open_amount_usd,
        snapshots.weighted_amount_usd
    from snapshots
    inner join months on snapshots.month = months.month
),

final as (
    select
        month,
        segment,
        region,
        forecast_category,
        close_quarter,
        count(*) as open_deals,
        sum(open_amount_usd) as open_amount_usd,
        sum(weighted_amount_usd) as weighted_amount_usd
    from placed
    group by month, segment, region, forecast_category, close_quarter
)

select * from final
