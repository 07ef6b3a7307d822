{#- One row per month with the rate that turns USD into the reporting currency
    (var reporting_currency): amount in reporting currency = amount in USD /
    reporting_usd_per_unit. Every money number of the pack converts through here, at the
    month of the event that counts it (a snapshot at its month end). -#}

with fx_rates as (
    select * from {{ ref('int_fx_rates_monthly') }}
),

final as (
    select
        month,
        usd_per_unit as reporting_usd_per_unit
    from fx_rates
    where currency_code = '{{ var("reporting_currency") }}'
)

select * from final
