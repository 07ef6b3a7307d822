{#- The shared KPI scorecard: one row per pack period × segment × region × comparison ×
    KPI, with the actual (kpi_monthly), the comparison month's value, the change, the
    target and attainment where the KPI has a target, the rate's own numerator and
    denominator, and the status: on_track when attainment >= var on_track_threshold,
    off_track below it, no_target without a target. The change of a ratio is in
    percentage points (kpi_change_pp), of anything else relative (kpi_change). -#}
-- noqa: disable=LT02

{#- kpi, target metric, attainment metric, numerator, denominator -#}
{%- set kpis = [
    ('won_revenue', 'revenue_target', 'revenue_attainment', none, none),
    ('pipeline_created', 'pipeline_target', 'pipeline_attainment', none, none),
    ('mqls', 'mql_target', 'mql_attainment', none, none),
    ('sqls', none, none, none, none),
    ('mql_to_sql_rate', none, none, 'mqls_with_sql', 'mqls'),
    ('sla_compliance', none, none, 'sla_met', 'sla_decided'),
    ('win_rate', none, none, 'won_deals', 'closed_deals'),
    ('avg_deal_size', none, none, 'won_revenue', 'won_deals'),
    ('sales_cycle_days', none, none, none, 'won_deals'),
    ('marketing_sourced_pipeline', none, none, none, none),
    ('cost_per_mql', none, none, 'marketing_spend', 'mqls'),
] %}

with kpis as (
    select * from {{ ref('kpi_monthly') }}
),

definitions as (
    select * from {{ ref('metric_definitions') }}
),

scorecard_kpis as (
    {%- for kpi, target, attainment, numerator, denominator in kpis %}
    select
        '{{ kpi }}' as kpi,
        {{ loop.index }} as sort_order,
        {{ "'" ~ target ~ "'" if target else 'null' }} as target_metric,
        {{ "'" ~ attainment ~ "'" if attainment else 'null' }} as attainment_metric,
        {{ "'" ~ numerator ~ "'" if numerator else 'null' }} as numerator_metric,
        {{ "'" ~ denominator ~ "'" if denominator else 'null' }} as denominator_metric
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

comparisons as (
    select * from {{ ref('int_report_comparisons') }}
),

actuals as (
    select
        comparisons.period,
        kpis.segment,
        kpis.region,
        comparisons.comparison,
        comparisons.comparison_month,
        comparisons.comparison_end,
        comparisons.period_start,
        comparisons.period_end,
        scorecard_kpis.*,
        definitions.unit,
        definitions.higher_is_better,
        kpis.value as actual
    from comparisons
    cross join scorecard_kpis
    inner join kpis
        on comparisons.period = kpis.month
        and scorecard_kpis.kpi = kpis.metric
    inner join definitions on scorecard_kpis.kpi = definitions.metric
),

joined as (
    select
        actuals.*,
        previous.value as comparison_value,
        targets.value as target,
        attainments.value as attainment,
        numerators.value as numerator,
        denominators.value as denominator
    from actuals
    left join kpis as previous
        on actuals.comparison_month = previous.month
        and actuals.segment = previous.segment
        and actuals.region = previous.region
        and actuals.kpi = previous.metric
    left join kpis as targets
        on actuals.period = targets.month
        and actuals.segment = targets.segment
        and actuals.region = targets.region
        and actuals.target_metric = targets.metric
    left join kpis as attainments
        on actuals.period = attainments.month
        and actuals.segment = attainments.segment
        and actuals.region = attainments.region
        and actuals.attainment_metric = attainments.metric
    left join kpis as numerators
        on actuals.period = numerators.month
        and actuals.segment = numerators.segment
        and actuals.region = numerators.region
        and actuals.numerator_metric = numerators.metric
    left join kpis as denominators
        on actuals.period = denominators.month
        and actuals.segment = denominators.segment
        and actuals.region = denominators.region
        and actuals.denominator_metric = denominators.metric
),

changes as (
    select
        joined.*,
        case when joined.unit = 'ratio' then 'kpi_change_pp' else 'kpi_change' end as change_metric,
        case
            when joined.unit = 'ratio' then (joined.actual - joined.comparison_value) * 100
            else (joined.actual - joined.comparison_value) / nullif(abs(joined.comparison_value), 0)
        end as change
    from joined
),

final as (
    select
        period,
        segment,
        region,
        comparison,
        kpi,
        sort_order,
        actual,
        period_start as window_start,
        period_end as window_end,
        comparison_value,
        comparison_month as comparison_start,
        comparison_end,
        change_metric,
        change,
        case
            when change is null or change = 0 then null
            else (change > 0) = higher_is_better
        end as is_change_good,
        target_metric,
        target,
        attainment_metric,
        attainment,
        case
            when target is null or target = 0 or attainment is null then 'no_target'
            when attainment >= {{ var('on_track_threshold') }} then 'on_track'
            else 'off_track'
        end as status,
        numerator_metric,
        numerator,
        denominator_metric,
        denominator,
        case when denominator_metric is not null then {{ is_small_sample('denominator') }} else false end
            as is_small_sample
    from changes
)

select * from final
