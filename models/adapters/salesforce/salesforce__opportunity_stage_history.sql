{#- Salesforce opportunity_history as the raw opportunity_stage_history contract: one row
    per history row (created_date is when the stage or amount changed). A history-mode
    sync of the opportunity object (no opportunity_id; one row per version from
    _fivetran_start) gives one row per version instead. -#}

{%- set versions = not crm_has_column('salesforce', 'opportunity_history', 'opportunity_id')
                   and crm_has_column('salesforce', 'opportunity_history', '_fivetran_start') %}

with history as (
    {{ crm_object('salesforce', 'opportunity_history', ['id', 'opportunity_id', 'stage_name',
                                                        'amount', 'created_date', '_fivetran_start']) }}
),

final as (
    select
        {%- if versions %}
        id as opportunity_id,
        stage_name,
        amount,
        coalesce(_fivetran_start, created_date) as changed_at,
        {%- else %}
        opportunity_id,
        stage_name,
        amount,
        created_date as changed_at,
        {%- endif %}
        _malformed,
        _source_row
    from history
)

select * from final
