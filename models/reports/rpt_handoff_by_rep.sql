{#- Lead handoff by rep (table), company-wide: per pack period × team × rep (the lead's
    owner), the period's MQLs, SLA compliance to date and median time to first touch,
    lowest compliance first. -#}

with periods as (
    select * from {{ ref('int_report_periods') }}
),

handoff as (
    select * from {{ ref('fct_handoff_monthly') }}
    where rep <> 'all'
),

final as (
    select
        periods.period,
        'all' as segment,
        'all' as region,
        handoff.team,
        handoff.rep,
        row_number() over (
            partition by periods.period
            order by
                case when handoff.sla_compliance is null then 1 else 0 end,
                handoff.sla_compliance,
                handoff.team,
                handoff.rep
        ) as sort_order,
        handoff.mqls,
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
