{#- The raw tables and the columns that make up each one's key (the raw contract's grains). -#}
{% macro raw_table_keys() -%}
    {{ return({
        'users': ['user_id'],
        'accounts': ['account_id'],
        'campaigns': ['campaign_id'],
        'leads': ['lead_id'],
        'campaign_members': ['member_id'],
        'lead_activities': ['activity_id'],
        'lead_feedback': ['feedback_id'],
        'opportunities': ['opportunity_id'],
        'opportunity_stage_history': ['opportunity_id', 'stage_name', 'changed_at'],
        'targets': ['month', 'segment', 'metric', 'owner_id', 'team'],
        'market_size': ['period_start', 'segment'],
        'fx_rates': ['month', 'currency_code'],
        'opportunity_field_history': ['opportunity_id', 'field', 'changed_at'],
    }) }}
{%- endmacro %}


{#- A row's key as one text value: key columns joined by '|' (empty for null parts). -#}
{% macro key_text(columns) -%}
    {%- for column in columns -%}
        coalesce(cast({{ column }} as {{ dbt.type_string() }}), '')
        {{- " || '|' || " if not loop.last }}
    {%- endfor -%}
{%- endmacro %}


{#- Rows of every base model with the given _row_status, as
    source_table, source_key, source_row, rule, reason. -#}
{% macro rows_with_status(status) -%}
    {%- for table, key in raw_table_keys().items() %}
    select
        '{{ table }}' as source_table,
        {{ key_text(key) }} as source_key,
        _source_row as source_row,
        _rule as rule,
        _reason as reason
    from {{ ref('base_crm__' ~ table) }}
    where _row_status = '{{ status }}'
    {{ 'union all' if not loop.last }}
    {%- endfor %}
{%- endmacro %}
