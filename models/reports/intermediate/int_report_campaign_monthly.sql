{#- Campaigns per month × attribution model (var attribution_models), in var
    reporting_currency at the month's rate: spend, the MQLs of the leads they created, and
    the won revenue the model attributes to them. -#}

with performance as (
    select * from {{ ref('fct_campaign_performance') }}
),

fx as (
    select * from {{ ref('int_reporting_fx') }}
),

models as (
    {%- for model in var('attribution_models') %}
    select '{{ model }}' as model
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

final as (
    select
        performance.campaign_id,
        performance.campaign_name,
        performance.channel,
        performance.month,
        models.model,
        performance.spend_usd / fx.reporting_usd_per_unit as spend,
        performance.mqls,
        case models.model
            {%- for model in var('attribution_models') %}
            when '{{ model }}' then performance.attributed_revenue_{{ model }}
            {%- endfor %}
        end / fx.reporting_usd_per_unit as attributed_revenue
    from performance
    cross join models
    inner join fx on performance.month = fx.month
)

select * from final
