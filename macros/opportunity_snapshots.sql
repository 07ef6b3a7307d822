{#- The open pipeline as it stood at given instants: one row per opportunity × snapshot
    it was open at (created before snapshot_at, not closed before it), with what the CRM
    said then. `times` is a CTE with the snapshot's key columns (`keys`) and snapshot_at
    (a timestamp: the instant just after the period, e.g. the next month's first moment).

    stage_name         latest stage history row before snapshot_at, else the current stage
    open_amount_usd    latest amount event before snapshot_at (USD at the created month's rate)
    close_date, probability, forecast_category
                       the field's value then (int_opportunity_field_values); without
                       history of the field: the current close date; the current probability
                       and category when the deal was in its current stage, else the stage's
                       defaults (dim_opportunity_stages)
    weighted_amount_usd  open_amount_usd × probability / 100 (no probability: 0)

    The CTEs opportunities (int_opportunities_converted), amount_events, stage_history,
    field_values and stages (dim_opportunity_stages) must be in scope. -#}
{% macro opportunity_snapshots(times, keys) -%}
closings as (
    select opportunity_id, event_at as closed_at
    from amount_events
    where event_type in ('won', 'lost')
),

-- each deal is open from its creation to its closing (if any): joined to the instants
-- inside that span, not to every instant after its creation
open_spans as (
    select
        opportunities.*,
        coalesce(closings.closed_at, cast('9999-12-31 00:00:00' as timestamp)) as open_until
    from opportunities
    left join closings on opportunities.opportunity_id = closings.opportunity_id
),

open_at_snapshot as (
    select
        open_spans.opportunity_id,
        open_spans.segment,
        open_spans.region,
        open_spans.owner_id,
        open_spans.stage_name as current_stage_name,
        open_spans.close_date as current_close_date,
        open_spans.probability as current_probability,
        lower(open_spans.forecast_category) as current_forecast_category,
        {%- for key in keys %}
        {{ times }}.{{ key }},
        {%- endfor %}
        {{ times }}.snapshot_at
    from open_spans
    inner join {{ times }}
        on open_spans.created_at < {{ times }}.snapshot_at
        and open_spans.open_until >= {{ times }}.snapshot_at
),

-- each amount event and stage row holds until the next one (ties: the later in the
-- order below), so the one in force at a snapshot is found without ranking
amount_spells as (
    select
        opportunity_id,
        amount_usd,
        event_at,
        lead(event_at) over (
            partition by opportunity_id order by event_at, event_order
        ) as next_event_at
    from amount_events
),

stage_spells as (
    select
        opportunity_id,
        stage_name,
        changed_at,
        lead(changed_at) over (
            partition by opportunity_id order by changed_at, stage_name
        ) as next_changed_at
    from stage_history
),

snapshot_amounts as (
    select
        open_at_snapshot.opportunity_id,
        open_at_snapshot.snapshot_at,
        amount_spells.amount_usd
    from open_at_snapshot
    inner join amount_spells
        on open_at_snapshot.opportunity_id = amount_spells.opportunity_id
        and amount_spells.event_at < open_at_snapshot.snapshot_at
        and (amount_spells.next_event_at is null or amount_spells.next_event_at >= open_at_snapshot.snapshot_at)
),

snapshot_stages as (
    select
        open_at_snapshot.opportunity_id,
        open_at_snapshot.snapshot_at,
        stage_spells.stage_name
    from open_at_snapshot
    inner join stage_spells
        on open_at_snapshot.opportunity_id = stage_spells.opportunity_id
        and stage_spells.changed_at < open_at_snapshot.snapshot_at
        and (stage_spells.next_changed_at is null or stage_spells.next_changed_at >= open_at_snapshot.snapshot_at)
),

snapshot_fields as (
    select
        open_at_snapshot.opportunity_id,
        open_at_snapshot.snapshot_at,
        max(case when field_values.field = 'close_date' then field_values.date_value end) as close_date,
        max(case when field_values.field = 'probability' then field_values.number_value end) as probability,
        max(case when field_values.field = 'forecast_category' then field_values.category_value end)
            as forecast_category
    from open_at_snapshot
    inner join field_values
        on open_at_snapshot.opportunity_id = field_values.opportunity_id
        and (field_values.valid_from is null or field_values.valid_from < open_at_snapshot.snapshot_at)
        and (field_values.valid_to is null or field_values.valid_to >= open_at_snapshot.snapshot_at)
    group by open_at_snapshot.opportunity_id, open_at_snapshot.snapshot_at
),

snapshot_values as (
    select
        open_at_snapshot.*,
        coalesce(snapshot_stages.stage_name, open_at_snapshot.current_stage_name) as stage_name,
        snapshot_stages.stage_name is not null as is_stage_from_history,
        coalesce(snapshot_amounts.amount_usd, 0) as open_amount_usd,
        snapshot_fields.close_date as history_close_date,
        snapshot_fields.probability as history_probability,
        snapshot_fields.forecast_category as history_forecast_category
    from open_at_snapshot
    left join snapshot_amounts
        on open_at_snapshot.opportunity_id = snapshot_amounts.opportunity_id
        and open_at_snapshot.snapshot_at = snapshot_amounts.snapshot_at
    left join snapshot_stages
        on open_at_snapshot.opportunity_id = snapshot_stages.opportunity_id
        and open_at_snapshot.snapshot_at = snapshot_stages.snapshot_at
    left join snapshot_fields
        on open_at_snapshot.opportunity_id = snapshot_fields.opportunity_id
        and open_at_snapshot.snapshot_at = snapshot_fields.snapshot_at
),

snapshots as (
    select
        snapshot_values.opportunity_id,
        {%- for key in keys %}
        snapshot_values.{{ key }},
        {%- endfor %}
        snapshot_values.snapshot_at,
        snapshot_values.segment,
        snapshot_values.region,
        snapshot_values.owner_id,
        snapshot_values.stage_name,
        snapshot_values.is_stage_from_history,
        stages.stage_order,
        snapshot_values.open_amount_usd,
        coalesce(snapshot_values.history_close_date, snapshot_values.current_close_date) as close_date,
        coalesce(
            snapshot_values.history_probability,
            case when snapshot_values.stage_name = snapshot_values.current_stage_name
                then snapshot_values.current_probability end,
            stages.default_probability
        ) as probability,
        coalesce(
            snapshot_values.history_forecast_category,
            case when snapshot_values.stage_name = snapshot_values.current_stage_name
                then snapshot_values.current_forecast_category end,
            stages.default_forecast_category,
            'pipeline'
        ) as forecast_category
    from snapshot_values
    left join stages on snapshot_values.stage_name = stages.stage_name
)
{%- endmacro %}
