{#- What moved and why (bridges): per pack period × segment × region × comparison, three
    variance bridges from the comparison month (or the target) to the period, each a start
    row, its parts and an end row, where start + the parts = end exactly:

    won_revenue       deal count × average deal size × FX: the count effect at the
                      comparison's average deal, the deal-size effect at the comparison
                      month's exchange rates, and the FX effect (the period's deals at the
                      period's rates minus at the comparison month's);
    pipeline_created  opportunity count × average amount, per source (marketing / sales);
    mql_to_won        won deals = MQLs × SQLs per MQL × opportunities per SQL × won per
                      opportunity (the period's volumes), changed one factor at a time in
                      funnel order (volume first).

    Against the target (comparison 'target', region 'all', where the period has a target)
    the gap of won revenue, pipeline created and MQLs is split by segment, the grain targets
    are set at: there is no target for deal count, deal size or conversion to split by. -#}

with periods as (
    select * from {{ ref('int_report_periods') }}
),

kpis as (
    select * from {{ ref('int_report_monthly_kpis') }}
),

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

fx_rates as (
    select * from {{ ref('int_fx_rates_monthly') }}
),

reporting_fx as (
    select * from {{ ref('int_reporting_fx') }}
),

comparisons as (
    select * from {{ ref('int_report_comparisons') }}
),

-- the period's won deals at the comparison month's rates
won_at_comparison_fx as (
    select
        comparisons.period,
        comparisons.comparison,
        opportunities.segment,
        opportunities.region,
        opportunities.amount * coalesce(comparison_rates.usd_per_unit, opportunities.close_usd_per_unit)
        / comparison_reporting.reporting_usd_per_unit as won_revenue_at_comparison_fx
    from comparisons
    inner join opportunities
        on comparisons.period = opportunities.close_month
        and opportunities.is_won
    inner join reporting_fx as comparison_reporting
        on comparisons.comparison_month = comparison_reporting.month
    left join fx_rates as comparison_rates
        on comparisons.comparison_month = comparison_rates.month
        and opportunities.currency_code = comparison_rates.currency_code
),

won_fx_cube as (
    {{ segment_region_cube('won_at_comparison_fx', ['period', 'comparison'], [
        ['won_revenue_at_comparison_fx', 'sum(won_revenue_at_comparison_fx)'],
    ]) }}
),

-- pipeline created per month × source, in the reporting currency at the month's rate
created as (
    select
        opportunities.created_month as month,
        opportunities.segment,
        opportunities.region,
        case when opportunities.is_marketing_sourced then 'marketing' else 'sales' end as source,
        opportunities.pipeline_amount_usd / reporting_fx.reporting_usd_per_unit as pipeline_amount
    from opportunities
    inner join reporting_fx on opportunities.created_month = reporting_fx.month
),

created_cube as (
    {{ segment_region_cube('created', ['month', 'source'], [
        ['opportunities_created', 'count(*)'],
        ['pipeline_created', 'coalesce(sum(pipeline_amount), 0)'],
    ]) }}
),

sources as (
    select 'marketing' as source, 1 as source_order
    union all
    select 'sales' as source, 2 as source_order
),

-- the period's and the comparison month's KPIs side by side
paired as (
    select
        comparisons.period,
        comparisons.period_start,
        comparisons.period_end,
        comparisons.comparison,
        comparisons.comparison_month,
        comparisons.comparison_end,
        current_kpis.segment,
        current_kpis.region,
        current_kpis.won_deals as won_deals_1,
        current_kpis.won_revenue as won_revenue_1,
        previous_kpis.won_deals as won_deals_0,
        previous_kpis.won_revenue as won_revenue_0,
        coalesce(won_fx_cube.won_revenue_at_comparison_fx, 0) as won_revenue_at_comparison_fx,
        current_kpis.pipeline_created as pipeline_created_1,
        previous_kpis.pipeline_created as pipeline_created_0,
        current_kpis.mqls as mqls_1,
        current_kpis.sqls as sqls_1,
        current_kpis.opportunities_created as opportunities_1,
        previous_kpis.mqls as mqls_0,
        previous_kpis.sqls as sqls_0,
        previous_kpis.opportunities_created as opportunities_0
    from comparisons
    inner join kpis as current_kpis on comparisons.period = current_kpis.month
    inner join kpis as previous_kpis
        on comparisons.comparison_month = previous_kpis.month
        and current_kpis.segment = previous_kpis.segment
        and current_kpis.region = previous_kpis.region
    left join won_fx_cube
        on comparisons.period = won_fx_cube.period
        and comparisons.comparison = won_fx_cube.comparison
        and current_kpis.segment = won_fx_cube.segment
        and current_kpis.region = won_fx_cube.region
),

-- won revenue: count × size × FX
won_parts as (
    select
        paired.*,
        case
            when
                paired.won_deals_0 > 0
                then paired.won_deals_1 * paired.won_revenue_0 / paired.won_deals_0 - paired.won_revenue_0
            else paired.won_revenue_at_comparison_fx
        end as from_deal_count,
        case
            when
                paired.won_deals_0 > 0
                then paired.won_revenue_at_comparison_fx
                    - paired.won_deals_1 * paired.won_revenue_0 / paired.won_deals_0
            else 0
        end as from_deal_size,
        paired.won_revenue_1 - paired.won_revenue_at_comparison_fx as from_fx
    from paired
),

-- pipeline created: count × average amount per source
created_parts as (
    select
        paired.period,
        paired.segment,
        paired.region,
        paired.comparison,
        paired.comparison_month,
        paired.period_end,
        sources.source,
        sources.source_order,
        coalesce(now_created.opportunities_created, 0) as count_1,
        coalesce(now_created.pipeline_created, 0) as amount_1,
        coalesce(then_created.opportunities_created, 0) as count_0,
        coalesce(then_created.pipeline_created, 0) as amount_0
    from paired
    cross join sources
    left join created_cube as now_created
        on paired.period = now_created.month
        and paired.segment = now_created.segment
        and paired.region = now_created.region
        and sources.source = now_created.source
    left join created_cube as then_created
        on paired.comparison_month = then_created.month
        and paired.segment = then_created.segment
        and paired.region = then_created.region
        and sources.source = then_created.source
),

created_effects as (
    select
        created_parts.*,
        case
            when
                created_parts.count_0 > 0
                then created_parts.count_1 * created_parts.amount_0 / created_parts.count_0 - created_parts.amount_0
            else created_parts.amount_1
        end as from_count,
        case
            when
                created_parts.count_0 > 0
                then created_parts.amount_1 - created_parts.count_1 * created_parts.amount_0 / created_parts.count_0
            else 0
        end as from_avg_amount
    from created_parts
),

-- MQLs to won deals: one factor at a time (defined when the comparison has MQLs, SQLs
-- and opportunities to form its rates)
funnel_parts as (
    select
        paired.*,
        paired.mqls_1 * paired.won_deals_0 / paired.mqls_0 - paired.won_deals_0 as from_mql_volume,
        paired.sqls_1 * paired.won_deals_0 / paired.sqls_0
        - paired.mqls_1 * paired.won_deals_0 / paired.mqls_0 as from_mql_to_sql,
        paired.opportunities_1 * paired.won_deals_0 / paired.opportunities_0
        - paired.sqls_1 * paired.won_deals_0 / paired.sqls_0
            as from_sql_to_opportunity,
        paired.won_deals_1
        - paired.opportunities_1 * paired.won_deals_0 / paired.opportunities_0 as from_opportunity_to_won
    from paired
    where paired.mqls_0 > 0 and paired.sqls_0 > 0 and paired.opportunities_0 > 0
),

-- against the target: the gap split by segment (targets are set per segment)
target_rows as (
    select
        periods.period,
        periods.period_start,
        periods.period_end,
        filtered.segment,
        filtered.won_revenue,
        filtered.revenue_target,
        filtered.pipeline_created,
        filtered.pipeline_target,
        filtered.mqls,
        filtered.mql_target
    from periods
    inner join kpis as filtered
        on periods.period = filtered.month
        and filtered.region = 'all'
),

target_parts as (
    select
        total.period,
        total.period_start,
        total.period_end,
        total.segment,
        member.segment as member,
        member.won_revenue - coalesce(member.revenue_target, 0) as won_revenue_gap,
        member.pipeline_created - coalesce(member.pipeline_target, 0) as pipeline_gap,
        member.mqls - coalesce(member.mql_target, 0) as mql_gap
    from target_rows as total
    inner join target_rows as member
        on total.period = member.period
        and member.segment != 'all'
        and (total.segment = 'all' or total.segment = member.segment)
),

steps as (
    -- won revenue against the comparison
    {%- for step, step_kind, order, metric, value, window_start, window_end in [
        ('start', 'start', 1, 'won_revenue', 'won_revenue_0', 'comparison_month', 'comparison_end'),
        ('deal_count', 'part', 2, 'won_revenue_change_from_deal_count', 'from_deal_count', 'comparison_month', 'period_end'),
        ('deal_size', 'part', 3, 'won_revenue_change_from_deal_size', 'from_deal_size', 'comparison_month', 'period_end'),
        ('fx', 'part', 4, 'won_revenue_change_from_fx', 'from_fx', 'comparison_month', 'period_end'),
        ('end', 'end', 5, 'won_revenue', 'won_revenue_1', 'period_start', 'period_end'),
    ] %}
    select
        period, segment, region, comparison, 'won_revenue' as bridge, {{ order }} as step_order,
        '{{ step }}' as step, '{{ step_kind }}' as step_kind,
        cast(null as {{ dbt.type_string() }}) as member, '{{ metric }}' as metric,
        cast({{ value }} as {{ type_double() }}) as value,
        {{ window_start }} as window_start, {{ window_end }} as window_end
    from won_parts
    union all
    {%- endfor %}
    -- pipeline created against the comparison
    select
        period, segment, region, comparison, 'pipeline_created' as bridge, 1 as step_order,
        'start' as step, 'start' as step_kind, cast(null as {{ dbt.type_string() }}) as member,
        'pipeline_created' as metric, cast(pipeline_created_0 as {{ type_double() }}) as value,
        comparison_month as window_start, comparison_end as window_end
    from paired
    union all
    select
        period, segment, region, comparison, 'pipeline_created' as bridge,
        2 * source_order as step_order, 'count' as step, 'part' as step_kind, source as member,
        'pipeline_created_change_from_count' as metric, cast(from_count as {{ type_double() }}) as value,
        comparison_month as window_start, period_end as window_end
    from created_effects
    union all
    select
        period, segment, region, comparison, 'pipeline_created' as bridge,
        2 * source_order + 1 as step_order, 'avg_amount' as step, 'part' as step_kind,
        source as member, 'pipeline_created_change_from_avg_amount' as metric,
        cast(from_avg_amount as {{ type_double() }}) as value,
        comparison_month as window_start, period_end as window_end
    from created_effects
    union all
    select
        period, segment, region, comparison, 'pipeline_created' as bridge, 6 as step_order,
        'end' as step, 'end' as step_kind, cast(null as {{ dbt.type_string() }}) as member,
        'pipeline_created' as metric, cast(pipeline_created_1 as {{ type_double() }}) as value,
        period_start as window_start, period_end as window_end
    from paired
    union all
    -- MQLs to won deals against the comparison
    {%- for step, step_kind, order, metric, value, window_start, window_end in [
        ('start', 'start', 1, 'won_deals', 'won_deals_0', 'comparison_month', 'comparison_end'),
        ('mql_volume', 'part', 2, 'won_deals_change_from_mql_volume', 'from_mql_volume', 'comparison_month', 'period_end'),
        ('mql_to_sql', 'part', 3, 'won_deals_change_from_mql_to_sql', 'from_mql_to_sql', 'comparison_month', 'period_end'),
        ('sql_to_opportunity', 'part', 4, 'won_deals_change_from_sql_to_opportunity', 'from_sql_to_opportunity', 'comparison_month', 'period_end'),
        ('opportunity_to_won', 'part', 5, 'won_deals_change_from_opportunity_to_won', 'from_opportunity_to_won', 'comparison_month', 'period_end'),
        ('end', 'end', 6, 'won_deals', 'won_deals_1', 'period_start', 'period_end'),
    ] %}
    select
        period, segment, region, comparison, 'mql_to_won' as bridge, {{ order }} as step_order,
        '{{ step }}' as step, '{{ step_kind }}' as step_kind,
        cast(null as {{ dbt.type_string() }}) as member, '{{ metric }}' as metric,
        cast({{ value }} as {{ type_double() }}) as value,
        {{ window_start }} as window_start, {{ window_end }} as window_end
    from funnel_parts
    union all
    {%- endfor %}
    -- against the target, by segment
    {%- for bridge, target_metric, gap_metric, gap, actual, target in [
        ('won_revenue', 'revenue_target', 'won_revenue_gap_to_target', 'won_revenue_gap', 'won_revenue', 'revenue_target'),
        ('pipeline_created', 'pipeline_target', 'pipeline_created_gap_to_target', 'pipeline_gap', 'pipeline_created', 'pipeline_target'),
        ('mqls', 'mql_target', 'mqls_gap_to_target', 'mql_gap', 'mqls', 'mql_target'),
    ] %}
    select
        period, segment, 'all' as region, 'target' as comparison, '{{ bridge }}' as bridge,
        1 as step_order, 'start' as step, 'start' as step_kind,
        cast(null as {{ dbt.type_string() }}) as member, '{{ target_metric }}' as metric,
        cast({{ target }} as {{ type_double() }}) as value,
        period_start as window_start, period_end as window_end
    from target_rows
    where {{ target }} is not null
    union all
    select
        target_parts.period, target_parts.segment, 'all' as region, 'target' as comparison,
        '{{ bridge }}' as bridge, 1 + row_number() over (
            partition by target_parts.period, target_parts.segment
            order by target_parts.member
        ) as step_order,
        'segment' as step, 'part' as step_kind, target_parts.member,
        '{{ gap_metric }}' as metric, cast(target_parts.{{ gap }} as {{ type_double() }}) as value,
        target_parts.period_start as window_start, target_parts.period_end as window_end
    from target_parts
    inner join target_rows
        on target_parts.period = target_rows.period
        and target_parts.segment = target_rows.segment
    where target_rows.{{ target }} is not null
    union all
    select
        period, segment, 'all' as region, 'target' as comparison, '{{ bridge }}' as bridge,
        100 as step_order, 'end' as step, 'end' as step_kind,
        cast(null as {{ dbt.type_string() }}) as member, '{{ actual }}' as metric,
        cast({{ actual }} as {{ type_double() }}) as value,
        period_start as window_start, period_end as window_end
    from target_rows
    where {{ target }} is not null
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

-- where each bar of the waterfall starts and ends (the running total of start and parts)
running as (
    select
        steps.*,
        sum(case when steps.step_kind = 'end' then 0 else steps.value end) over (
            partition by steps.period, steps.segment, steps.region, steps.comparison, steps.bridge
            order by steps.step_order
            rows between unbounded preceding and current row
        ) as running_total
    from steps
),

final as (
    select
        period,
        segment,
        region,
        comparison,
        bridge,
        step_order,
        step,
        step_kind,
        member,
        metric,
        value,
        case when step_kind = 'part' then running_total - value else 0 end as bar_from,
        case when step_kind = 'part' then running_total else value end as bar_to,
        case
            when step_kind != 'part' then value
            when value > 0 then running_total
            else running_total - value
        end as bar_top,
        case
            when step_kind != 'part' then 'level'
            -- a part that is zero but for float noise (1e-11) is not a fall, on any engine
            when value > -1e-6 then 'up'
            else 'down'
        end as bar_kind,
        cast(window_start as date) as window_start,
        cast(window_end as date) as window_end
    from running
)

select * from final
