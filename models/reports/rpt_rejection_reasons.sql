{#- Why sales rejected leads (chart): per pack period × segment × region × reason, the
    reject verdicts submitted in the period. -#}

with feedback as (
    select * from {{ ref('int_report_feedback') }}
),

periods as (
    select * from {{ ref('int_report_periods') }}
),

grouped as (
    select
        period,
        segment,
        region,
        reason,
        sum(rejected_verdicts) as rejected_verdicts
    from feedback
    group by period, segment, region, reason
),

final as (
    select
        grouped.period,
        grouped.segment,
        grouped.region,
        grouped.reason,
        row_number() over (
            partition by grouped.period, grouped.segment, grouped.region
            order by grouped.rejected_verdicts desc, grouped.reason asc
        ) as sort_order,
        grouped.rejected_verdicts,
        periods.period_start as window_start,
        periods.period_end as window_end
    from grouped
    inner join periods on grouped.period = periods.period
    where grouped.rejected_verdicts > 0
)

select * from final
