{#- Salesforce exchange rates as the raw fx_rates contract (text). Salesforce keeps units
    of each currency per one unit of the corporate currency; the contract keeps USD per
    unit: usd_per_unit = rate(USD) / rate(currency). Dated rates (advanced currency
    management) give one row per start month; without them currency_type's single rate
    holds from the first opportunity's month. Neither object: the fx_rates file beside. -#}

with dated as (
    {{ crm_object('salesforce', 'dated_conversion_rate', ['iso_code', 'start_date', 'conversion_rate']) }}
),

currency_type as (
    {{ crm_object('salesforce', 'currency_type', ['iso_code', 'conversion_rate', 'is_active']) }}
),

opportunity as (
    {{ crm_object('salesforce', 'opportunity', ['created_date']) }}
),

dated_rates as (
    select
        {{ dbt.date_trunc('month', parse_date('start_date')) }} as month,
        upper(iso_code) as currency_code,
        {{ parse_number('conversion_rate') }} as conversion_rate,
        _source_row
    from dated
),

undated_rates as (
    select
        (select {{ dbt.date_trunc('month', 'min(' ~ parse_date('created_date') ~ ')') }} from opportunity) as month,
        upper(iso_code) as currency_code,
        {{ parse_number('conversion_rate') }} as conversion_rate,
        _source_row
    from currency_type
    where (select count(*) from dated) = 0
),

rates as (
    select * from dated_rates
    union all
    select * from undated_rates
),

usd as (
    select month, conversion_rate as usd_rate
    from rates
    where currency_code = 'USD'
),

final as (
    select
        cast(cast(rates.month as date) as {{ dbt.type_string() }}) as month,
        rates.currency_code,
        cast(coalesce(usd.usd_rate, 1) / nullif(rates.conversion_rate, 0) as {{ dbt.type_string() }})
            as usd_per_unit,
        cast(null as {{ dbt.type_string() }}) as _malformed,
        rates._source_row
    from rates
    left join usd on usd.month = rates.month
    where rates.currency_code <> 'USD'
)

select * from final
