{#- Salesforce leads as the raw leads contract (text), one row per lead row.

    status        the lead status through mapping lead_status (unmapped: kept, reported)
    mql_at ...    the custom date field var salesforce_fields names, else the first change
                  of lead_history's Status to a status of that stage (LeadHistory rows, or
                  the versions of a history-mode sync); sql_at falls back to the conversion
    converted_at  converted_date: Salesforce keeps the day only (midnight UTC, day precision)
    owner_id      a queue (id 00G...) owns no lead: null
    is_deleted    deleted in Salesforce (merged-away leads too) or by the sync -#}

{%- set stage_fields = {} %}
{%- for stage in ['mql_at', 'sal_at', 'sql_at', 'disqualified_at'] %}
{%- do stage_fields.update({stage: salesforce_field('leads', stage)}) %}
{%- endfor %}

with lead as (
    {{ crm_object('salesforce', 'lead', [
        'id', 'created_date', 'last_modified_date', 'system_modstamp', '_fivetran_start',
        'email', 'company', 'status', 'lead_source', 'owner_id', 'number_of_employees',
        'country', 'country_code', 'converted_date', 'is_converted', 'converted_opportunity_id',
        'converted_account_id', 'master_record_id', 'is_deleted', '_fivetran_deleted',
    ] + salesforce_field_columns('leads') + custom_fields('leads') | map(attribute='name') | list) }}
),

{% if crm_has_column('salesforce', 'lead_history', 'field')
      or not crm_has_column('salesforce', 'lead_history', 'status') -%}
history as (  -- noqa: LT02
    -- the LeadHistory object: one row per field change
    {{ crm_object('salesforce', 'lead_history', ['lead_id', 'field', 'new_value', 'created_date',
                                                 'is_deleted', '_fivetran_deleted']) }}
),

{% else -%}
history_versions as (
    -- a history-mode sync of the lead object (Fivetran): one row per version of a lead
    {{ crm_object('salesforce', 'lead_history', ['id', 'status', '_fivetran_start',
                                                 'last_modified_date', 'is_deleted']) }}
),

history as (
    select
        id as lead_id,
        'Status' as field,
        status as new_value,
        coalesce(_fivetran_start, last_modified_date) as created_date,
        is_deleted,
        cast(null as {{ dbt.type_string() }}) as _fivetran_deleted
    from history_versions
),
{%- endif %}

status_map as (
    {{ value_mapping('lead', 'status', 'lead_status') }}
),

history_status_map as (
    {{ value_mapping('history', 'new_value', 'lead_status') }}
),

channel_map as (
    {{ value_mapping('lead', 'lead_source', 'channel') }}
),

region_map as (
    {{ value_mapping('lead', 'coalesce(country_code, country)', 'country_region') }}
),

country_code_map as (
    {{ value_mapping('lead', 'country', 'country_code') }}
),

account_links as (
    select * from {{ ref('salesforce__account_links') }}
),

stage_changes as (
    select
        history.lead_id,
        history_status_map.target as stage,
        {{ parse_timestamp('history.created_date') }} as changed_at
    from history
    inner join history_status_map
        on history_status_map.source_value = history.new_value
    where {{ normalised_value('history.field') }} = 'status'
        and not {{ crm_deleted('history') }}
),

stage_times as (
    select
        lead_id,
        min(case when stage = 'mql' then changed_at end) as mql_at,
        min(case when stage = 'sal' then changed_at end) as sal_at,
        min(case when stage = 'sql' then changed_at end) as sql_at,
        min(case when stage = 'disqualified' then changed_at end) as disqualified_at
    from stage_changes
    group by lead_id
),

final as (
    select
        lead.id as lead_id,
        lead.created_date as created_at,
        coalesce(
            lead._fivetran_start, lead.last_modified_date, lead.system_modstamp,
            lead.created_date
        ) as updated_at,
        lead.email,
        lead.company,
        coalesce(
            account_links.account_id, {{ salesforce_field_or_null('leads', 'account_id', 'lead') }},
            lead.converted_account_id
        ) as account_id,
        coalesce(
            {{ salesforce_field_or_null('leads', 'segment', 'lead') }},
            {{ employee_segment(parse_number('lead.number_of_employees')) }}
        ) as segment,
        coalesce({{ salesforce_field_or_null('leads', 'region', 'lead') }}, region_map.target) as region,
        coalesce(
            case when length(lead.country_code) = 2 then lead.country_code end,
            country_code_map.target,
            case when length(lead.country) = 2 then lead.country end
        ) as country,
        coalesce(channel_map.target, lead.lead_source) as lead_source,
        coalesce(status_map.target, lead.status) as status,
        {{ salesforce_field_or_null('leads', 'score', 'lead') }} as score,
        case when lead.owner_id not like '00G%' then lead.owner_id end as owner_id,
        {%- for stage, field in stage_fields.items() %}
        {%- set from_history = 'cast(stage_times.' ~ stage ~ ' as ' ~ dbt.type_string() ~ ')' %}
        {%- if stage == 'sql_at' %}
            {%- set from_history = 'coalesce(' ~ from_history ~ ', case when '
                ~ parse_bool('lead.is_converted') ~ ' or lead.converted_date is not null then lead.converted_date end)' %}
        {%- endif %}
        {%- if field %}
        coalesce(lead.{{ field }}, {{ from_history }}) as {{ stage }},
        {%- else %}
        {{ from_history }} as {{ stage }},
        {%- endif %}
        {%- endfor %}
        {{ normalised_value(salesforce_field_or_null('leads', 'disqualification_reason', 'lead')) }}
            as disqualification_reason,
        lead.converted_date as converted_at,
        lead.converted_opportunity_id,
        case
            when {{ crm_deleted('lead') }}
                or lead.master_record_id is not null
                then 'true'
            else 'false'
        end as is_deleted,
        {{ custom_field_columns('leads', prefix='lead.') }}
        -- for the unmapped-values report
        lead.status as status__source,
        lead.lead_source as lead_source__source,
        lead._malformed,
        lead._source_row
    from lead
    left join stage_times on stage_times.lead_id = lead.id
    left join status_map on status_map.source_value = lead.status
    left join channel_map on channel_map.source_value = lead.lead_source
    left join region_map on region_map.source_value = coalesce(lead.country_code, lead.country)
    left join country_code_map on country_code_map.source_value = lead.country
    left join account_links
        on account_links.linked_id = coalesce(
            {{ salesforce_field_or_null('leads', 'account_id', 'lead') }},
            lead.converted_account_id
        )
)

select * from final
