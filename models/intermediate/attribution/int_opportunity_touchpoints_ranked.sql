{#- One row per opportunity × touchpoint (the metric definitions attribution): the linked responses up to
    the opportunity's created_at (inclusive), ordered by responded_at then member_id. Also
    marks the lead-creation touch (W-shaped): the converted lead's touch nearest at or after
    that lead's created_at. An incremental build computes only the opportunities whose
    inputs changed (macros/incremental.sql). -#}

{{ config(
    materialized=event_stream_materialization(),
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ stale_opportunity_rows() }}",
) }}

-- depends_on: {{ ref('int_opportunity_attribution_inputs') }} (the stale check)

with linked as (
    select * from {{ ref('int_opportunity_responses_linked') }} as linked_rows
    {{ opportunities_to_compute('linked_rows') }}
),

ranked as (
    select
        opportunity_id,
        member_id,
        campaign_id,
        channel,
        lead_id,
        lead_created_at,
        converted_lead_id,
        responded_at,
        opportunity_created_at,
        inputs_hash,
        row_number() over (
            partition by opportunity_id
            order by responded_at, member_id
        ) as touch_position,
        count(*) over (partition by opportunity_id) as touch_count
    from linked
    where responded_at <= opportunity_created_at
),

lead_creation_candidates as (
    select
        opportunity_id,
        touch_position,
        row_number() over (
            partition by opportunity_id order by responded_at, member_id
        ) as candidate_rank
    from ranked
    where lead_id = converted_lead_id
        and responded_at >= lead_created_at
),

final as (
    select
        ranked.opportunity_id,
        ranked.member_id,
        ranked.campaign_id,
        ranked.channel,
        ranked.lead_id,
        ranked.responded_at,
        ranked.opportunity_created_at,
        ranked.touch_position,
        ranked.touch_count,
        {{ dbt.datediff('ranked.responded_at', 'ranked.opportunity_created_at', 'second') }} / cast(86400 as {{ type_double() }})  -- noqa: LT05
            as days_before_creation,
        lead_creation_candidates.touch_position as lead_creation_position,
        ranked.inputs_hash
    from ranked
    left join lead_creation_candidates
        on ranked.opportunity_id = lead_creation_candidates.opportunity_id
        and lead_creation_candidates.candidate_rank = 1
)

select * from final
