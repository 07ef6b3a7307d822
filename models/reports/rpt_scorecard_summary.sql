{#- The scorecard's sentence: per pack period × segment × region, how many KPIs have a
    target and how many of them are on track (rpt_scorecard). -#}

with scorecard as (
    select * from {{ ref('rpt_scorecard') }}
    where comparison = 'prior_period'
),

final as (
    select
        period,
        segment,
        region,
        sum(case when status <> 'no_target' then 1 else 0 end) as kpis_with_target,
        sum(case when status = 'on_track' then 1 else 0 end) as kpis_on_track,
        min(window_start) as window_start,
        max(window_end) as window_end
    from scorecard
    group by period, segment, region
)

select * from final
