{#- One row per opportunity: segment and region from its account, USD amounts (the metric definitions:
    created month's rate for pipeline, close month's rate for revenue) and sourcing
    (marketing-sourced when the lead converted into it has a marketing lead_source). -#}

with opportunities as (
    select * from {{ ref('stg_crm__opportunities') }}
),

accounts as (
    select * from {{ ref('stg_crm__accounts') }}
),

leads as (
    select * from {{ ref('stg_crm__leads') }}
),

fx_rates as (
    select * from {{ ref('int_fx_rates_monthly') }}
),

converted_leads as (
    select
        converted_opportunity_id as opportunity_id,
        min(lead_id) as converted_lead_id,
        min(lead_source) as converted_lead_source,
        count(*) as converted_lead_count,
        max(case when lead_source in {{ sql_list(var('marketing_channels')) }} then 1 else 0 end)
            as has_marketing_lead
    from leads
    where converted_opportunity_id is not null
    group by converted_opportunity_id
),

joined as (
    select
        opportunities.*,
        coalesce(accounts.segment, 'unknown') as segment,
        coalesce(accounts.region, 'unknown') as region,
        converted_leads.converted_lead_id,
        converted_leads.converted_lead_source,
        coalesce(converted_leads.has_marketing_lead, 0) = 1 as is_marketing_sourced,
        {{ month_of('opportunities.created_at') }} as created_month,
        {{ month_of('opportunities.close_date') }} as close_month
    from opportunities
    left join accounts on opportunities.account_id = accounts.account_id
    left join converted_leads on opportunities.opportunity_id = converted_leads.opportunity_id
),

final as (
    select
        joined.*,
        created_fx.usd_per_unit as created_usd_per_unit,
        close_fx.usd_per_unit as close_usd_per_unit,
        coalesce(joined.amount, 0) * coalesce(created_fx.usd_per_unit, 1) as pipeline_amount_usd,
        case
            when joined.is_closed
                then coalesce(joined.amount, 0) * coalesce(close_fx.usd_per_unit, 1)
        end as closed_amount_usd
    from joined
    left join fx_rates as created_fx
        on joined.created_month = created_fx.month
        and coalesce(joined.currency_code, 'USD') = created_fx.currency_code
    left join fx_rates as close_fx
        on joined.close_month = close_fx.month
        and coalesce(joined.currency_code, 'USD') = close_fx.currency_code
)

select * from final
