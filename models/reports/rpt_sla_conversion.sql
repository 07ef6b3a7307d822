{#- Does the SLA pay (table and sentence), company-wide: per pack period, two rows (SLA
    met, SLA breached) with the MQLs of the 12 months ending with the period, how many
    became won deals by the period's end, and the rate (int_sla_conversion_trailing, the
    same numbers the cost of misalignment uses). Each row names its metrics. -#}

with periods as (
    select * from {{ ref('int_report_periods') }}
),

conversion as (
    select * from {{ ref('int_sla_conversion_trailing') }}
    where channel = 'all'
),

final as (
    {%- for status in ['met', 'breached'] %}
    select
        periods.period,
        'all' as segment,
        'all' as region,
        '{{ status }}' as sla_status,
        {{ loop.index }} as sort_order,
        'sla_{{ status }}_mqls_12m' as mqls_metric,
        conversion.sla_{{ status }}_mqls_12m as mqls_12m,
        'sla_{{ status }}_won_deals_12m' as won_deals_metric,
        conversion.sla_{{ status }}_won_deals_12m as won_deals_12m,
        'sla_{{ status }}_won_rate_12m' as won_rate_metric,
        conversion.sla_{{ status }}_won_rate_12m as won_rate_12m,
        {{ is_small_sample('conversion.sla_' ~ status ~ '_mqls_12m') }} as is_small_sample,
        periods.trailing_start as window_start,
        periods.period_end as window_end
    from periods
    inner join conversion on periods.period = conversion.month
    {{ 'union all' if not loop.last }}
    {%- endfor %}
)

select * from final
