{#- One row per month × currency with the usd_per_unit to use (the metric definitions: an amount converts
    at its currency's rate for the month of the event). A month without a rate takes the
    latest earlier month's rate, else the earliest later one (DECISIONLOG). USD is 1. -#}

with fx_rates as (
    select * from {{ ref('stg_crm__fx_rates') }}
),

bounds as (
    select min(month) as first_month, max(month) as last_month
    from (
        select month from fx_rates
        union all
        select month from {{ ref('int_months') }}
        union all
        select {{ month_of('close_date') }} from {{ ref('stg_crm__opportunities') }}
        union all
        select {{ month_of('end_date') }} from {{ ref('stg_crm__campaigns') }}
        union all
        select month from {{ ref('stg_crm__targets') }}
        union all
        -- the rest of the as_of fiscal year: targets of months after as_of convert too
        select cast({{ dbt.dateadd('month', 11, 'as_of_month') }} as date) from {{ ref('int_as_of') }}
    ) as months
),

spine as (
    {{ month_spine(
        '(select first_month from bounds)',
        '(select last_month from bounds)'
    ) }}
),

currencies as (
    select distinct currency_code from fx_rates
    where currency_code <> 'USD'
),

earlier as (
    select
        spine.month,
        currencies.currency_code,
        max(fx_rates.month) as rate_month
    from spine
    cross join currencies
    left join fx_rates
        on fx_rates.currency_code = currencies.currency_code
        and fx_rates.month <= spine.month
    group by spine.month, currencies.currency_code
),

first_rates as (
    select currency_code, min(month) as rate_month
    from fx_rates
    group by currency_code
),

chosen as (
    select
        earlier.month,
        earlier.currency_code,
        coalesce(earlier.rate_month, first_rates.rate_month) as rate_month
    from earlier
    inner join first_rates on earlier.currency_code = first_rates.currency_code
),

converted as (
    select
        chosen.month,
        chosen.currency_code,
        fx_rates.usd_per_unit,
        chosen.rate_month,
        chosen.rate_month <> chosen.month as is_carried_rate
    from chosen
    inner join fx_rates
        on chosen.currency_code = fx_rates.currency_code
        and chosen.rate_month = fx_rates.month
),

usd as (
    select
        month,
        'USD' as currency_code,
        cast(1 as {{ type_double() }}) as usd_per_unit,
        month as rate_month,
        false as is_carried_rate
    from spine
),

final as (
    select * from converted
    union all
    select * from usd
)

select * from final
