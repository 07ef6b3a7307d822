{#- HubSpot deal_property_history as the raw opportunity_stage_history contract: one row
    per change of dealstage, with the stage's label and the deal's amount at that moment
    (its latest amount change at or before it). -#}

with history as (
    {{ crm_object('hubspot', 'deal_property_history', ['deal_id', 'name', 'value', 'timestamp']) }}
),

stage as (
    {{ crm_object('hubspot', 'deal_pipeline_stage', ['stage_id', 'label']) }}
),

stage_changes as (
    select
        history.deal_id,
        history.value as stage_id,
        history.timestamp as changed_at,
        {{ parse_timestamp('history.timestamp') }} as changed_ts,
        history._malformed,
        history._source_row
    from history
    where {{ normalised_value('history.name') }} = 'dealstage'
),

amount_changes as (
    select
        deal_id,
        value as amount,
        {{ parse_timestamp('timestamp') }} as changed_ts
    from history
    where {{ normalised_value('name') }} = 'amount'
),

with_amounts as (
    select
        stage_changes.*,
        amount_changes.amount,
        row_number() over (
            partition by stage_changes._source_row
            order by amount_changes.changed_ts desc
        ) as amount_rank
    from stage_changes
    left join amount_changes
        on stage_changes.deal_id = amount_changes.deal_id
        and amount_changes.changed_ts <= stage_changes.changed_ts
),

labels as (
    select
        stage_id,
        max(label) as label
    from stage
    group by stage_id
),

final as (
    select
        with_amounts.deal_id as opportunity_id,
        coalesce(labels.label, with_amounts.stage_id) as stage_name,
        with_amounts.amount,
        with_amounts.changed_at,
        with_amounts._malformed,
        with_amounts._source_row
    from with_amounts
    left join labels on with_amounts.stage_id = labels.stage_id
    where with_amounts.amount_rank = 1
)

select * from final
