{#- Reading a CRM's own tables (SOURCE=salesforce): whatever the sync or export called a
    column, the adapter models ask for it by one normalised name.

    `CreatedDate` (Data Loader) and `created_date` (Fivetran) -> created_date
    `MQL_Date__c` and `mql_date_c`                              -> mql_date_c
    `Lead Source`                                               -> lead_source
    `_fivetran_deleted` (a sync's own column) keeps its leading underscore. -#}
{% macro normalise_column_name(name) -%}
    {%- set text = modules.re.sub('([a-z0-9])([A-Z])', '\\1_\\2', name | string) -%}
    {%- set text = modules.re.sub('([A-Z]+)([A-Z][a-z])', '\\1_\\2', text) -%}
    {%- set lead = '_' if (name | string).strip().startswith('_') else '' -%}
    {{- return(lead ~ modules.re.sub('[^a-z0-9]+', '_', text.lower()).strip('_')) -}}
{%- endmacro %}


{#- {normalised name: column as the table spells it} for a CRM table, or none when the
    table is not there (an optional object that was not synced). -#}
{% macro crm_object_columns(source_name, object_name) -%}
    {%- set relation = source(source_name, object_name) -%}
    {%- if not execute -%}{{ return({}) }}{%- endif -%}
    {%- set existing = adapter.get_relation(database=relation.database, schema=relation.schema,
                                            identifier=relation.identifier) -%}
    {%- if existing is none -%}{{ return(none) }}{%- endif -%}
    {%- set found = {} -%}
    {%- for column in adapter.get_columns_in_relation(existing) -%}
        {%- set name = normalise_column_name(column.name) -%}
        {%- if name not in found -%}{%- do found.update({name: column.name}) -%}{%- endif -%}
    {%- endfor -%}
    {{- return(found) -}}
{%- endmacro %}


{#- Every row of a CRM table with the asked-for columns as trimmed text (null when the
    table has no such column), its row number as _source_row, and _malformed from the
    preflight. A table that is not there gives no rows with the same columns. -#}
{% macro crm_object(source_name, object_name, columns) -%}
    {%- set relation = source(source_name, object_name) -%}
    {%- set present = crm_object_columns(source_name, object_name) -%}
    {%- set wanted = columns | unique | list -%}
    select
    {%- for column in wanted %}
        {% if present and column in present -%}
        {{ clean_text(adapter.quote(present[column])) }}
        {%- else -%}
        cast(null as {{ dbt.type_string() }})
        {%- endif %} as {{ adapter.quote(column) if column.startswith('_') else column }},
    {%- endfor %}
        {% if present and '_malformed' in present -%}
        nullif({{ adapter.quote(present['_malformed']) }}, '')
        {%- else -%}
        cast(null as {{ dbt.type_string() }})
        {%- endif %} as _malformed,
    {%- if present is none %}
        cast(null as {{ dbt.type_int() }}) as _source_row
    from (select 1 as no_rows) as empty_table
    where 1 = 0
    {%- else %}
        {{ source_row_number() }} as _source_row
    from {{ relation }}
    {%- endif %}
{%- endmacro %}


{#- True for a row the CRM (is_deleted) or the sync (_fivetran_deleted) marks deleted. -#}
{% macro crm_deleted(alias) -%}
    (coalesce({{ parse_bool(alias ~ '.is_deleted') }}, false)
        or coalesce({{ parse_bool(alias ~ '._fivetran_deleted') }}, false))
{%- endmacro %}


{#- True when the CRM table exists and has the column (normalised name). -#}
{% macro crm_has_column(source_name, object_name, column) -%}
    {%- set present = crm_object_columns(source_name, object_name) -%}
    {{- return(present is not none and column in present) -}}
{%- endmacro %}


{#- A picklist value as the mapping seed compares it: lower case, every run of other
    characters one underscore (`Working - Contacted` -> working_contacted). -#}
{% macro normalised_value(expr) -%}
    {{ return(adapter.dispatch('normalised_value', 'shared_funnel')(expr)) }}
{%- endmacro %}

{% macro default__normalised_value(expr) -%}
    trim(both '_' from regexp_replace(lower(trim({{ expr }})), '[^a-z0-9]+', '_', 'g'))
{%- endmacro %}

{% macro spark__normalised_value(expr) -%}
    regexp_replace(regexp_replace(lower(trim({{ expr }})), '[^a-z0-9]+', '_'), '^_+|_+$', '')
{%- endmacro %}


{#- One row per distinct value of `column` in `from_relation` that has a mapping:
    source_value, target. An exact match (after normalised_value) wins; else the first
    `words` rule, in priority order, whose words all appear in the value as words. -#}
{% macro value_mapping(from_relation, column, mapping) -%}
    select source_value, target
    from (
        select
            v.source_value,
            m.target,
            row_number() over (
                partition by v.source_value
                order by case when m.normalised_value = v.normalised then 0 else 1 end, m.priority
            ) as match_rank
        from (
            select distinct
                {{ column }} as source_value,
                {{ normalised_value(column) }} as normalised
            from {{ from_relation }}
            where {{ column }} is not null
        ) as v
        inner join {{ ref('int_source_mappings') }} as m
            on m.mapping = '{{ mapping }}'
            and (m.normalised_value = v.normalised
                or (m.match_rule = 'words'
                    and {{ dbt.position("'_' || m.normalised_value || '_'", "'_' || v.normalised || '_'") }} > 0))
    ) as ranked
    where match_rank = 1
{%- endmacro %}


{#- The segment of an employee count by var segment_employee_bands. -#}
{% macro employee_segment(expr) -%}
    case
    {%- for band in var('segment_employee_bands') %}
        {%- if band.get('below') is not none %}
        when {{ expr }} < {{ band['below'] }} then '{{ band["segment"] }}'
        {%- else %}
        when {{ expr }} is not null then '{{ band["segment"] }}'
        {%- endif %}
    {%- endfor %}
    end
{%- endmacro %}


{#- Which Salesforce field fills a contract column that has no standard field. These are
    the defaults; var salesforce_fields overrides any of them (`{leads: {mql_at:
    MQL_Date__c}}`; null turns one off). A named field the object does not have is null. -#}
{% macro salesforce_field_defaults() -%}
    {{ return({
        'leads': {'account_id': 'Account__c', 'score': 'Lead_Score__c',
                  'disqualification_reason': 'Disqualification_Reason__c',
                  'segment': none, 'region': none,
                  'mql_at': none, 'sal_at': none, 'sql_at': none, 'disqualified_at': none},
        'accounts': {'segment': none, 'region': none},
        'opportunities': {'loss_reason': 'Loss_Reason__c', 'competitor': 'Competitor__c'},
        'campaigns': {'channel': none},
        'users': {'team': none, 'region': none},
    }) }}
{%- endmacro %}

{% macro salesforce_field(table, column) -%}
    {{- return(crm_field('salesforce', table, column)) -}}
{%- endmacro %}

{% macro salesforce_field_or_null(table, column, alias=none) -%}
    {{- crm_field_or_null('salesforce', table, column, alias) -}}
{%- endmacro %}

{% macro salesforce_field_columns(table) -%}
    {{- return(crm_field_columns('salesforce', table)) -}}
{%- endmacro %}


{#- HubSpot's defaults for var hubspot_fields: custom properties most portals add (Fivetran
    writes a property as property_<name>); a property the portal lacks is null. -#}
{% macro hubspot_field_defaults() -%}
    {{ return({
        'leads': {'lead_source': 'property_lead_source', 'score': 'property_hubspotscore',
                  'disqualification_reason': 'property_disqualification_reason',
                  'segment': none, 'region': none,
                  'mql_at': 'property_hs_lifecyclestage_marketingqualifiedlead_date',
                  'sal_at': none,
                  'sql_at': 'property_hs_lifecyclestage_salesqualifiedlead_date',
                  'disqualified_at': none,
                  'converted_at': 'property_hs_lifecyclestage_opportunity_date'},
        'accounts': {'segment': none, 'region': none},
        'opportunities': {'lead_source': 'property_lead_source',
                          'primary_campaign_id': 'property_primary_campaign',
                          'loss_reason': 'property_closed_lost_reason',
                          'competitor': 'property_competitor'},
        'campaigns': {'channel': 'property_channel'},
        'users': {'team': none, 'region': none},
    }) }}
{%- endmacro %}

{% macro hubspot_field(table, column) -%}
    {{- return(crm_field('hubspot', table, column)) -}}
{%- endmacro %}

{% macro hubspot_field_or_null(table, column, alias=none) -%}
    {{- crm_field_or_null('hubspot', table, column, alias) -}}
{%- endmacro %}

{% macro hubspot_field_columns(table) -%}
    {{- return(crm_field_columns('hubspot', table)) -}}
{%- endmacro %}


{#- The source column var <crm>_fields (over the CRM's defaults) names for a contract
    column, normalised; none when unset. -#}
{% macro crm_field(crm, table, column) -%}
    {%- set given = var(crm ~ '_fields', {}) or {} -%}
    {%- set defaults = (salesforce_field_defaults() if crm == 'salesforce'
                        else hubspot_field_defaults()).get(table, {}) -%}
    {%- set overrides = given.get(table) or {} -%}
    {%- set name = overrides.get(column) if column in overrides else defaults.get(column) -%}
    {{- return(normalise_column_name(name) if name else none) -}}
{%- endmacro %}

{#- The field as a column of the object's CTE, or null text when unset. -#}
{% macro crm_field_or_null(crm, table, column, alias=none) -%}
    {%- set name = crm_field(crm, table, column) -%}
    {%- if name -%}{{ (alias ~ '.') if alias }}{{ name }}{%- else -%}cast(null as {{ dbt.type_string() }}){%- endif -%}
{%- endmacro %}

{#- The source columns <crm>_fields names for a table (to read them). -#}
{% macro crm_field_columns(crm, table) -%}
    {%- set defaults = salesforce_field_defaults() if crm == 'salesforce' else hubspot_field_defaults() -%}
    {%- set names = [] -%}
    {%- for column in defaults.get(table, {}) -%}
        {%- set name = crm_field(crm, table, column) -%}
        {%- if name -%}{%- do names.append(name) -%}{%- endif -%}
    {%- endfor -%}
    {{- return(names) -}}
{%- endmacro %}


{#- The extra source columns var custom_fields lists for a contract table, as
    [{'name': normalised name, 'type': text|number|integer|boolean|date|timestamp}]. -#}
{% macro custom_fields(table) -%}
    {%- set entries = var('custom_fields', {}).get(table, []) or [] -%}
    {%- set fields = [] -%}
    {%- for entry in entries -%}
        {%- if entry is mapping -%}
            {%- do fields.append({'name': normalise_column_name(entry['name']),
                                  'type': entry.get('type', 'text')}) -%}
        {%- else -%}
            {%- do fields.append({'name': normalise_column_name(entry), 'type': 'text'}) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for field in fields if field['type'] not in ('text', 'number', 'integer', 'boolean', 'date', 'timestamp') -%}
        {{ exceptions.raise_compiler_error(
            "var custom_fields: " ~ table ~ "." ~ field['name'] ~ " has type '" ~ field['type']
            ~ "'; use one of text, number, integer, boolean, date, timestamp.") }}
    {%- endfor -%}
    {{- return(fields) -}}
{%- endmacro %}


{#- `, <field>` for each custom field of a table (typed when `typed`), for the select
    lists of base, staging and mart models. -#}
{% macro custom_field_columns(table, typed=false, prefix='') -%}
    {%- for field in custom_fields(table) %}
        {%- set column = prefix ~ field['name'] %}
        {%- if not typed or field['type'] == 'text' %}
        {{ column }},
        {%- elif field['type'] == 'number' %}
        {{ parse_number(column) }} as {{ field['name'] }},
        {%- elif field['type'] == 'integer' %}
        {{ parse_bigint(column) }} as {{ field['name'] }},
        {%- elif field['type'] == 'boolean' %}
        {{ parse_bool(column) }} as {{ field['name'] }},
        {%- elif field['type'] == 'date' %}
        {{ parse_date(column) }} as {{ field['name'] }},
        {%- else %}
        {{ parse_timestamp(column) }} as {{ field['name'] }},
        {%- endif %}
    {%- endfor %}
{%- endmacro %}


{#- Where a row came from, on every fact and dimension: var source (contract, salesforce,
    hubspot), or with several connections (var sources) the connection's name, which
    prefixes every id (`eu:00Q1...`). `key` is the row's id column. -#}
{% macro source_system(key) -%}
    {%- if var('sources', []) -%}
        {{ dbt.split_part(key, "':'", 1) }}
    {%- else -%}
        '{{ var("source", "contract") }}'
    {%- endif -%}
{%- endmacro %}



{#- The unmapped-values report from a relation of (source_object, source_field, mapping,
    source_value) rows: one row per value with how many rows carry it. -#}
{% macro unmapped_counts(relation) -%}
    select
        source_object,
        source_field,
        mapping,
        source_value,
        count(*) as row_count
    from {{ relation }}
    group by source_object, source_field, mapping, source_value
{%- endmacro %}
