{#- What drove each scorecard KPI's move: one row per pack period × segment × region ×
    comparison (prior_period, prior_year or target) × KPI × candidate driver, with the
    driver's effect on the KPI (in the KPI's own terms) and the metric that names it.

    - won revenue, pipeline created and marketing-sourced pipeline: the parts of their
      variance bridge (count, size, FX; per source for pipeline);
    - against the target: the segment parts of the target bridge;
    - MQLs and SQLs: the change per channel;
    - rates, average deal size and sales cycle: each segment's (or, under a segment
      filter, each region's) change weighted by its share of the period's denominator;
    - cost per MQL: spend and MQLs, one at a time (spend first).

    rpt_summary_findings keeps the largest effect that moves the KPI's way. -#}

{#- kpi, numerator (null for a rate kept as such), denominator, change metric -#}
{%- set weighted = [
    ('mql_to_sql_rate', 'mqls_with_sql', 'mqls', 'kpi_change_pp_from_member'),
    ('sla_compliance', 'sla_met', 'sla_decided', 'kpi_change_pp_from_member'),
    ('win_rate', 'won_deals', 'closed_deals', 'kpi_change_pp_from_member'),
    ('avg_deal_size', 'won_revenue', 'won_deals', 'avg_deal_size_change_from_member'),
    ('sales_cycle_days', none, 'won_deals', 'sales_cycle_days_change_from_member'),
] %}

with kpis as (
    select * from {{ ref('int_report_monthly_kpis') }}
),

bridge as (
    select * from {{ ref('rpt_variance_bridge') }}
),

leads as (
    select * from {{ ref('fct_leads') }}
),

mql_events as (
    select * from {{ ref('fct_mql_events') }}
),

comparisons as (
    select * from {{ ref('int_report_comparisons') }}
),

from_bridges as (
    select
        period,
        segment,
        region,
        comparison,
        case bridge when 'mqls' then 'mqls' else bridge end as kpi,
        case
            when comparison = 'target' then 'segment'
            when bridge = 'pipeline_created' then 'source'
            else 'bridge'
        end as driver_dimension,
        case when bridge = 'pipeline_created' and comparison != 'target' then member else coalesce(member, step) end
            as driver_member,
        step as driver_step,
        metric as driver_metric,
        value as driver_effect
    from bridge
    where step_kind = 'part'
        and bridge in ('won_revenue', 'pipeline_created', 'mqls')
    union all
    select
        period,
        segment,
        region,
        comparison,
        'marketing_sourced_pipeline' as kpi,
        'bridge' as driver_dimension,
        step as driver_member,
        step as driver_step,
        metric as driver_metric,
        value as driver_effect
    from bridge
    where step_kind = 'part'
        and bridge = 'pipeline_created'
        and member = 'marketing'
        and comparison != 'target'
),

-- MQLs and SQLs per channel and month
lead_events as (
    select mql_month as month, segment, region, lead_source as channel, 'mqls' as kpi
    from mql_events
    union all
    select {{ month_of('sql_at') }} as month, segment, region, lead_source as channel, 'sqls' as kpi
    from leads
    where sql_at is not null
),

lead_cube as (
    {{ segment_region_cube('lead_events', ['month', 'kpi', 'channel'], [
        ['volume', 'count(*)'],
    ]) }}
),

channel_keys as (
    select distinct
        comparisons.period,
        comparisons.comparison,
        comparisons.comparison_month,
        lead_cube.segment,
        lead_cube.region,
        lead_cube.kpi,
        lead_cube.channel
    from comparisons
    inner join lead_cube
        on lead_cube.month = comparisons.period
        or lead_cube.month = comparisons.comparison_month
),

from_channels as (
    select
        channel_keys.period,
        channel_keys.segment,
        channel_keys.region,
        channel_keys.comparison,
        channel_keys.kpi,
        'channel' as driver_dimension,
        coalesce(channel_keys.channel, 'unknown') as driver_member,
        'channel' as driver_step,
        {{ dbt.concat(['channel_keys.kpi', "'_change_by_channel'"]) }} as driver_metric,
        cast(coalesce(now_volume.volume, 0) - coalesce(then_volume.volume, 0) as {{ type_double() }})
            as driver_effect
    from channel_keys
    left join lead_cube as now_volume
        on channel_keys.period = now_volume.month
        and channel_keys.segment = now_volume.segment
        and channel_keys.region = now_volume.region
        and channel_keys.kpi = now_volume.kpi
        and coalesce(channel_keys.channel, '') = coalesce(now_volume.channel, '')
    left join lead_cube as then_volume
        on channel_keys.comparison_month = then_volume.month
        and channel_keys.segment = then_volume.segment
        and channel_keys.region = then_volume.region
        and channel_keys.kpi = then_volume.kpi
        and coalesce(channel_keys.channel, '') = coalesce(then_volume.channel, '')
),

-- each filter's members: its segments (segment 'all') or its regions (a segment chosen)
members as (
    select
        comparisons.period,
        comparisons.comparison,
        comparisons.comparison_month,
        parent.segment,
        parent.region,
        case when parent.segment = 'all' then 'segment' else 'region' end as driver_dimension,
        case when parent.segment = 'all' then child.segment else child.region end as driver_member,
        {%- for kpi, numerator, denominator, metric in weighted %}
        parent.{{ denominator }} as {{ kpi }}_parent_n,
        child.{{ denominator }} as {{ kpi }}_child_n,
        child.{{ kpi }} as {{ kpi }}_now,
        {%- endfor %}
        child.segment as child_segment,
        child.region as child_region
    from comparisons
    inner join kpis as parent on comparisons.period = parent.month
    inner join kpis as child
        on comparisons.period = child.month
        and (
            (parent.segment = 'all' and child.segment != 'all' and child.region = parent.region)
            or (
                parent.segment != 'all' and parent.region = 'all' and child.segment = parent.segment
                and child.region != 'all'
            )
        )
),

from_members as (
    {%- for kpi, numerator, denominator, metric in weighted %}
    select
        members.period,
        members.segment,
        members.region,
        members.comparison,
        '{{ kpi }}' as kpi,
        members.driver_dimension,
        members.driver_member,
        members.driver_dimension as driver_step,
        '{{ metric }}' as driver_metric,
        members.{{ kpi }}_child_n / nullif(members.{{ kpi }}_parent_n, 0)
        * (members.{{ kpi }}_now - previous.{{ kpi }}){{ ' * 100' if metric == 'kpi_change_pp_from_member' }}
            as driver_effect
    from members
    inner join kpis as previous
        on members.comparison_month = previous.month
        and members.child_segment = previous.segment
        and members.child_region = previous.region
    where members.{{ kpi }}_now is not null
        and previous.{{ kpi }} is not null
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

cost_parts as (
    select
        'marketing_spend' as driver_member,
        'cost_per_mql_change_from_spend' as driver_metric
    union all
    select
        'mqls' as driver_member,
        'cost_per_mql_change_from_mqls' as driver_metric
),

-- cost per MQL = spend / MQLs: spend's effect at the comparison's MQLs, then MQLs'
from_cost as (
    select
        comparisons.period,
        current_kpis.segment,
        current_kpis.region,
        comparisons.comparison,
        'cost_per_mql' as kpi,
        'bridge' as driver_dimension,
        parts.driver_member,
        parts.driver_member as driver_step,
        parts.driver_metric,
        case parts.driver_member
            when 'marketing_spend'
                then (current_kpis.marketing_spend - previous_kpis.marketing_spend)
                    / previous_kpis.mqls
            else current_kpis.marketing_spend / current_kpis.mqls
                - current_kpis.marketing_spend / previous_kpis.mqls
        end as driver_effect
    from comparisons
    inner join kpis as current_kpis on comparisons.period = current_kpis.month
    inner join kpis as previous_kpis
        on comparisons.comparison_month = previous_kpis.month
        and current_kpis.segment = previous_kpis.segment
        and current_kpis.region = previous_kpis.region
    cross join cost_parts as parts
    where current_kpis.marketing_spend is not null
        and previous_kpis.mqls > 0
        and current_kpis.mqls > 0
),

final as (
    select * from from_bridges
    union all
    select * from from_channels
    union all
    select * from from_members
    union all
    select * from from_cost
)

select * from final
