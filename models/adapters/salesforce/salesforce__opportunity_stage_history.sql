{#- Salesforce opportunity_history as the raw opportunity_stage_history contract: one row
    per history row (created_date is when the stage or amount changed). -#}

with history as (
    {{ crm_object('salesforce', 'opportunity_history', ['id', 'opportunity_id', 'stage_name',
                                                        'amount', 'created_date']) }}
),

final as (
    select
        opportunity_id,
        stage_name,
        amount,
        created_date as changed_at,
        _malformed,
        _source_row
    from history
)

select * from final
