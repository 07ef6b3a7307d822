{#- The import CTE of every base model: the raw table with exactly the contract's columns
    (documented in _crm__sources.yml) as trimmed text, plus _source_row, its position.

    - a column the raw table lacks becomes a typed null (a CRM without that field still builds);
    - an optional table that is absent becomes an empty relation with the right columns;
    - a required table that is absent stops the build with one line naming it;
    - the columns var custom_fields lists for the table come along as text;
    - with var source = salesforce the tables Salesforce holds come from its adapter models
      (salesforce__<table>); targets, market_size and lead_feedback (and fx_rates when the
      org has no exchange rates) still come from contract files beside it. -#}
{% macro raw_source(table_name) -%}
    {%- set adapter_model = crm_adapter_model(table_name) -%}
    {%- if adapter_model is not none -%}
        {{ adapter_source(table_name, adapter_model) }}
    {%- else -%}
        {{ contract_source(table_name) }}
    {%- endif -%}
{%- endmacro %}


{#- The adapter model that gives a contract table for var source, or none (the contract's
    own file or table). ref() is called here, at parse time, so dbt knows the dependency. -#}
{% macro crm_adapter_model(table_name) -%}
    {%- set provided = {
        'salesforce': ['users', 'accounts', 'campaigns', 'leads', 'campaign_members',
                       'lead_activities', 'opportunities', 'opportunity_stage_history',
                       'fx_rates'],
        'hubspot': ['users', 'accounts', 'campaigns', 'leads', 'campaign_members',
                    'lead_activities', 'opportunities', 'opportunity_stage_history'],
    } -%}
    {%- set crm = var('source', 'contract') -%}
    {%- if crm not in provided and crm != 'contract' -%}
        {{ exceptions.raise_compiler_error(
            "var source is '" ~ crm ~ "'; use contract (our twelve tables), salesforce or hubspot.") }}
    {%- endif -%}
    {%- if table_name in provided.get(crm, []) -%}
        {{ return(ref(crm ~ '__' ~ table_name)) }}
    {%- endif -%}
    {{ return(none) }}
{%- endmacro %}


{#- The contract's columns (and custom fields) from an adapter model. fx_rates falls back
    to the contract file when the CRM holds no exchange rates. -#}
{% macro adapter_source(table_name, model) -%}
    {%- set node = graph.get('sources', {}).get('source.shared_funnel.crm.' ~ table_name) if execute else none -%}
    {%- if not execute or node is none -%}
        select 1 as _source_row
    {%- elif table_name == 'fx_rates'
             and crm_object_columns('salesforce', 'dated_conversion_rate') is none
             and crm_object_columns('salesforce', 'currency_type') is none -%}
        {{ contract_source(table_name) }}
    {%- else -%}
        select
        {%- for column in node.columns.keys() %}
            {{ column }},
        {%- endfor %}
        {%- for field in custom_fields(table_name) %}
            {{ field['name'] }},
        {%- endfor %}
            _malformed,
            _source_row
        from {{ model }}
    {%- endif -%}
{%- endmacro %}


{% macro contract_source(table_name) -%}
    {%- set relation = source('crm', table_name) -%}
    {%- if not execute -%}
        select 1 as _source_row
    {%- else -%}
        {%- set node = graph.get('sources', {}).get('source.shared_funnel.crm.' ~ table_name) -%}
        {%- if node is none -%}
            {#- a dbt unit test: `relation` is the fixture; its columns are the raw table's -#}
            {%- set real = adapter.get_relation(database=target.database,
                                                schema=var('raw_schema'), identifier=table_name) -%}
            {%- set contract = adapter.get_columns_in_relation(real) | map(attribute='name') | list -%}
            {%- set existing = relation -%}
            {%- set required = true -%}
        {%- else -%}
            {%- set contract = node.columns.keys() | list -%}
            {%- set existing = adapter.get_relation(
                    database=relation.database, schema=relation.schema,
                    identifier=relation.identifier) -%}
            {%- set required = node.meta.get('required', false) -%}
        {%- endif -%}
        {%- if existing is none and required -%}
            {{ exceptions.raise_compiler_error(
                "Required raw table '" ~ table_name ~ "' is missing (looked for "
                ~ relation ~ "). Provide " ~ table_name ~ ".csv or " ~ table_name
                ~ ".parquet in RAW_DIR, or the table in the raw schema.") }}
        {%- elif existing is none -%}
            select
            {%- for column in contract + custom_fields(table_name) | map(attribute='name') | list %}
                cast(null as {{ dbt.type_string() }}) as {{ column }},
            {%- endfor %}
                cast(null as {{ dbt.type_string() }}) as _malformed,
                cast(null as {{ dbt.type_int() }}) as _source_row
            from (select 1 as no_rows) as empty_table
            where 1 = 0
        {%- else -%}
            {%- set present = contract if node is none else (
                    adapter.get_columns_in_relation(existing) | map(attribute='name') | map('lower') | list) -%}
            select
            {%- for column in contract %}
                {% if column in present -%}
                {{ clean_text(adapter.quote(column)) }}
                {%- else -%}
                cast(null as {{ dbt.type_string() }})
                {%- endif %} as {{ column }},
            {%- endfor %}
            {%- for field in custom_fields(table_name) %}
                {% if field['name'] in present -%}
                {{ clean_text(adapter.quote(field['name'])) }}
                {%- else -%}
                cast(null as {{ dbt.type_string() }})
                {%- endif %} as {{ field['name'] }},
            {%- endfor %}
            {%- if '_malformed' in present %}
                nullif({{ adapter.quote('_malformed') }}, '') as _malformed,
            {%- else %}
                cast(null as {{ dbt.type_string() }}) as _malformed,
            {%- endif %}
                row_number() over () as _source_row
            from {{ relation }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
