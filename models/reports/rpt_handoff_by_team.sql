{#- Lead handoff by team (table and sentence), company-wide (the SLA is owned by teams):
    per pack period × team ('all' for the total), the period's MQLs and their SLA
    outcomes to date, compliance and the median time to first touch
    (fct_handoff_monthly). -#}

with periods as (
    select * from {{ ref('int_report_periods') }}
),

handoff as (
    select * from {{ ref('fct_handoff_monthly') }}
    where rep = 'all'
),

final as (
    select
        periods.period,
        'all' as segment,
        'all' as region,
        handoff.team,
        row_number() over (
            partition by periods.period
            order by case when handoff.team = 'all' then 1 else 0 end, handoff.team
        ) as sort_order,
        handoff.mqls,
        handoff.sla_met,
        handoff.sla_breached,
        handoff.sla_pending,
        handoff.sla_met + handoff.sla_breached as sla_decided,
        handoff.sla_compliance,
        {{ is_small_sample('handoff.sla_met + handoff.sla_breached') }} as is_small_sample,
        handoff.median_hours_to_first_touch,
        periods.period_start as window_start,
        periods.period_end as window_end
    from periods
    inner join handoff on periods.period = handoff.month
)

select * from final
