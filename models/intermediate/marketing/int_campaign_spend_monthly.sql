{#- One row per campaign × month it ran in: actual_cost spread evenly over the days from
    start_date to end_date inclusive, each month's days converted at that month's rate
    (the metric definitions marketing_spend). Campaigns without usable dates are left out (and listed in
    data_quality_issues). -#}

with campaigns as (
    select * from {{ ref('stg_crm__campaigns') }}
),

fx_rates as (
    select * from {{ ref('int_fx_rates_monthly') }}
),

months as (
    select month from fx_rates
    where currency_code = 'USD'
),

spreadable as (
    select
        campaign_id,
        channel,
        coalesce(currency_code, 'USD') as currency_code,
        actual_cost,
        start_date,
        end_date,
        {{ dbt.datediff('start_date', 'end_date', 'day') }} + 1 as campaign_days  -- noqa: LT05
    from campaigns
    where actual_cost is not null
        and start_date is not null
        and end_date is not null
        and end_date >= start_date
),

campaign_months as (
    select
        spreadable.campaign_id,
        spreadable.channel,
        spreadable.currency_code,
        spreadable.actual_cost,
        spreadable.campaign_days,
        months.month,
        greatest(spreadable.start_date, months.month) as overlap_start,
        least(
            spreadable.end_date,
            cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 1, 'months.month')) }} as date)
        ) as overlap_end
    from spreadable
    inner join months
        on months.month >= {{ month_of('spreadable.start_date') }}
        and months.month <= spreadable.end_date
),

month_overlaps as (
    select
        campaign_months.*,
        {{ dbt.datediff('campaign_months.overlap_start', 'campaign_months.overlap_end', 'day') }}
        + 1 as days_in_month
    from campaign_months
),

spread as (
    select
        month_overlaps.campaign_id,
        month_overlaps.channel,
        month_overlaps.month,
        month_overlaps.currency_code,
        month_overlaps.days_in_month,
        month_overlaps.campaign_days,
        month_overlaps.actual_cost * month_overlaps.days_in_month / month_overlaps.campaign_days as spend_local,
        fx_rates.usd_per_unit
    from month_overlaps
    inner join fx_rates
        on month_overlaps.month = fx_rates.month
        and month_overlaps.currency_code = fx_rates.currency_code
),

final as (
    select
        campaign_id,
        channel,
        month,
        currency_code,
        days_in_month,
        campaign_days,
        spend_local,
        spend_local * usd_per_unit as spend_usd
    from spread
)

select * from final
