{#- The cost of misalignment (chart, table and sentence), company-wide: per pack period
    × channel, with 'all' the sum of the channels, last (kpi_misalignment_monthly). -#}

with periods as (
    select * from {{ ref('int_report_periods') }}
),

misalignment as (
    select * from {{ ref('kpi_misalignment_monthly') }}
),

final as (
    select
        periods.period,
        'all' as segment,
        'all' as region,
        misalignment.channel,
        row_number() over (
            partition by periods.period
            order by
                case when misalignment.channel = 'all' then 1 else 0 end asc,
                misalignment.cost_of_misalignment desc,
                misalignment.channel asc
        ) as sort_order,
        misalignment.sla_breached_at_month_end,
        misalignment.sla_met_mqls_12m,
        misalignment.sla_met_won_deals_12m,
        misalignment.sla_met_won_rate_12m,
        misalignment.sla_breached_mqls_12m,
        misalignment.sla_breached_won_deals_12m,
        misalignment.sla_breached_won_rate_12m,
        misalignment.avg_deal_size_12m,
        misalignment.revenue_at_stake,
        misalignment.rejected_leads,
        misalignment.rejected_lead_spend,
        misalignment.cost_of_misalignment,
        periods.period_start as window_start,
        periods.period_end as window_end,
        periods.trailing_start
    from periods
    inner join misalignment on periods.period = misalignment.month
)

select * from final
