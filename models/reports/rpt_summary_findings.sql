{#- The pack's headline findings (first screen): per pack period × segment × region ×
    comparison, the var summary_findings largest moves of the scorecard KPIs, each with
    its driver and the team that owns it.

    A move is a KPI's distance from its target (|attainment - 1|) or from the comparison
    month (|actual - comparison| / |comparison|), whichever is larger; small samples and
    KPIs without a comparison value do not count. The driver is the candidate of
    int_report_kpi_drivers with the largest effect in the direction of the move (else the
    largest). The owner is the KPI's owner_team, or, for a move driven by a pipeline
    source, that source's team. Marketing-sourced pipeline is not a candidate: it is a part
    of pipeline created, whose driver already names the source that moved. -#}

with scorecard as (
    select * from {{ ref('rpt_scorecard') }}
    where kpi != 'marketing_sourced_pipeline'
),

drivers as (
    select * from {{ ref('int_report_kpi_drivers') }}
),

definitions as (
    select * from {{ ref('metric_definitions') }}
),

moves as (
    select
        scorecard.*,
        'against_target' as move,
        abs(scorecard.attainment - 1) as move_size
    from scorecard
    where scorecard.attainment is not null
        and scorecard.target > 0
    union all
    select
        scorecard.*,
        'against_comparison' as move,
        abs(scorecard.actual - scorecard.comparison_value) / abs(scorecard.comparison_value) as move_size
    from scorecard
    where scorecard.comparison_value != 0
        and scorecard.actual is not null
        and not scorecard.is_small_sample
),

largest_per_kpi as (
    select
        moves.*,
        row_number() over (
            partition by moves.period, moves.segment, moves.region, moves.comparison, moves.kpi
            order by moves.move_size desc, moves.move asc
        ) as kpi_rank
    from moves
),

ranked as (
    select
        largest_per_kpi.*,
        row_number() over (
            partition by
                largest_per_kpi.period, largest_per_kpi.segment, largest_per_kpi.region,
                largest_per_kpi.comparison
            order by largest_per_kpi.move_size desc, largest_per_kpi.sort_order asc
        ) as finding_order,
        case
            when largest_per_kpi.move = 'against_target'
                then largest_per_kpi.actual - largest_per_kpi.target
            else largest_per_kpi.actual - largest_per_kpi.comparison_value
        end as move_direction
    from largest_per_kpi
    where largest_per_kpi.kpi_rank = 1
),

top_moves as (
    select * from ranked
    where finding_order <= {{ var('summary_findings') }}
),

candidate_drivers as (
    select
        top_moves.period,
        top_moves.segment,
        top_moves.region,
        top_moves.comparison,
        top_moves.kpi,
        drivers.driver_dimension,
        drivers.driver_member,
        drivers.driver_step,
        drivers.driver_metric,
        drivers.driver_effect,
        row_number() over (
            partition by
                top_moves.period, top_moves.segment, top_moves.region,
                top_moves.comparison, top_moves.kpi
            order by
                case when drivers.driver_effect * top_moves.move_direction > 0 then 0 else 1 end asc,
                abs(drivers.driver_effect) desc,
                drivers.driver_member asc
        ) as driver_rank
    from top_moves
    inner join drivers
        on top_moves.period = drivers.period
        and top_moves.segment = drivers.segment
        and top_moves.region = drivers.region
        and top_moves.kpi = drivers.kpi
        and drivers.comparison = case
            when top_moves.move = 'against_target' then 'target' else top_moves.comparison
        end
    where drivers.driver_effect is not null
        and drivers.driver_effect != 0
),

final as (
    select
        top_moves.period,
        top_moves.segment,
        top_moves.region,
        top_moves.comparison,
        top_moves.finding_order,
        top_moves.kpi,
        top_moves.move,
        top_moves.move_size,
        case
            when top_moves.move_direction = 0 then null
            else (top_moves.move_direction > 0) = definitions.higher_is_better
        end as is_good_news,
        top_moves.actual,
        top_moves.window_start,
        top_moves.window_end,
        top_moves.comparison_value,
        top_moves.comparison_start,
        top_moves.comparison_end,
        top_moves.change_metric,
        top_moves.change,
        top_moves.target_metric,
        top_moves.target,
        top_moves.attainment_metric,
        top_moves.attainment,
        top_moves.is_small_sample,
        top_moves.denominator_metric,
        top_moves.denominator,
        candidate_drivers.driver_dimension,
        candidate_drivers.driver_member,
        candidate_drivers.driver_step,
        candidate_drivers.driver_metric,
        candidate_drivers.driver_effect,
        case
            when candidate_drivers.driver_dimension = 'source' then candidate_drivers.driver_member
            else definitions.owner_team
        end as owner_team
    from top_moves
    inner join definitions on top_moves.kpi = definitions.metric
    left join candidate_drivers
        on top_moves.period = candidate_drivers.period
        and top_moves.segment = candidate_drivers.segment
        and top_moves.region = candidate_drivers.region
        and top_moves.comparison = candidate_drivers.comparison
        and top_moves.kpi = candidate_drivers.kpi
        and candidate_drivers.driver_rank = 1
)

select * from final
