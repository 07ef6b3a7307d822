{#- The import CTE of every base model: the raw table with exactly the contract's columns
    (documented in _crm__sources.yml) as trimmed text, plus _source_row, its position.

    - a column the raw table lacks becomes a typed null (a CRM without that field still builds);
    - an optional table that is absent becomes an empty relation with the right columns;
    - a required table that is absent stops the build with one line naming it;
    - the columns var custom_fields lists for the table come along as text;
    - with var source = salesforce the tables Salesforce holds come from its adapter models
      (salesforce__<table>); targets, market_size and lead_feedback (and fx_rates when the
      org has no exchange rates) still come from contract files beside it;
    - with var sources (several connections, SOURCES=) every connection's table is read and
      unioned, its ids prefixed with the connection's name (multi_source). -#}
{% macro raw_source(table_name) -%}
    {%- set adapter_model = crm_adapter_model(table_name) -%}
    {%- if var('sources', []) -%}
        {{ multi_source(table_name) }}
    {%- elif adapter_model is not none -%}
        {{ adapter_source(table_name, adapter_model) }}
    {%- else -%}
        {{ contract_source(table_name) }}
    {%- endif -%}
{%- endmacro %}


{#- The adapter model that gives a contract table for var source, or none (the contract's
    own file or table). ref() is called here, at parse time, so dbt knows the dependency. -#}
{% macro crm_provided_tables() -%}
    {{ return({
        'salesforce': ['users', 'accounts', 'campaigns', 'leads', 'campaign_members',
                       'lead_activities', 'opportunities', 'opportunity_stage_history',
                       'fx_rates'],
        'hubspot': ['users', 'accounts', 'campaigns', 'leads', 'campaign_members',
                    'lead_activities', 'opportunities', 'opportunity_stage_history'],
    }) }}
{%- endmacro %}


{% macro crm_adapter_model(table_name) -%}
    {%- set provided = crm_provided_tables() -%}
    {%- set crm = var('source', 'contract') -%}
    {%- if crm not in provided and crm != 'contract' -%}
        {{ exceptions.raise_compiler_error(
            "var source is '" ~ crm ~ "'; use contract (our thirteen tables), salesforce or hubspot.") }}
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


{% macro contract_source(table_name, schema=none) -%}
    {%- set relation = source('crm', table_name) if schema is none else api.Relation.create(
            database=target.database, schema=schema, identifier=table_name) -%}
    {%- if not execute -%}
        select 1 as _source_row
    {%- else -%}
        {%- set node = graph.get('sources', {}).get('source.shared_funnel.crm.' ~ table_name) -%}
        {%- if node is none -%}
            {#- a dbt unit test: `relation` is the fixture; its columns are the raw table's -#}
            {%- set real = adapter.get_relation(database=target.database,
                                                schema=var('raw_schema'), identifier=table_name) -%}
            {%- set contract = adapter.get_columns_in_relation(real) | map(attribute='name')
                    | map('lower') | reject('in', ['_malformed', '_source_row']) | list -%}
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
                {{ source_row_number() }} as _source_row
            from {{ relation }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}



{#- The id columns of each contract table: with several connections each is prefixed with
    the connection's name (`eu:00Q1...`), so two orgs' ids never meet. -#}
{% macro raw_table_id_columns() -%}
    {{ return({
        'users': ['user_id', 'manager_id'],
        'accounts': ['account_id', 'owner_id'],
        'campaigns': ['campaign_id', 'owner_id', 'parent_campaign_id'],
        'leads': ['lead_id', 'account_id', 'owner_id', 'converted_opportunity_id'],
        'campaign_members': ['member_id', 'campaign_id', 'lead_id'],
        'lead_activities': ['activity_id', 'lead_id', 'user_id'],
        'lead_feedback': ['feedback_id', 'lead_id', 'submitted_by'],
        'opportunities': ['opportunity_id', 'account_id', 'owner_id', 'primary_campaign_id'],
        'opportunity_stage_history': ['opportunity_id'],
        'opportunity_field_history': ['opportunity_id'],
    }) }}
{%- endmacro %}


{#- var sources: [{name: eu, crm: salesforce, schema: raw_eu}, ...] (the build writes it from
    SOURCES). Each connection's raw tables are in its schema; a CRM's adapter models were
    built into adapters_<name> before this build. Tables with ids are the union of every
    connection's, ids prefixed; targets, market_size and fx_rates (no ids: one company's
    plan and rates) come from the first connection that has them. -#}
{% macro multi_source(table_name) -%}
    {%- if not execute -%}
        select 1 as _source_row
    {%- else -%}
        {%- set node = graph.get('sources', {}).get('source.shared_funnel.crm.' ~ table_name) -%}
        {%- set columns = (node.columns.keys() | list) + (custom_fields(table_name) | map(attribute='name') | list) -%}
        {%- set ids = raw_table_id_columns().get(table_name) -%}
        {%- set parts = [] -%}
        {%- for connection in var('sources') -%}
            {%- set sql = connection_source(connection, table_name, columns) -%}
            {%- if sql -%}{%- do parts.append((connection, sql)) -%}{%- endif -%}
        {%- endfor -%}
        {%- if not parts -%}
            {{ contract_source(table_name, var('sources')[0]['schema']) }}
        {%- elif ids is none -%}
            {{ parts[0][1] }}
        {%- else -%}
            {%- for connection, sql in parts %}
            select
                {%- for column in columns %}
                {%- if column in ids %}
                case when {{ column }} is not null then '{{ connection["name"] }}:' || {{ column }} end as {{ column }},
                {%- else %}
                {{ column }},
                {%- endif %}
                {%- endfor %}
                _malformed,
                _source_row
            from ({{ sql }}) as {{ connection['name'] }}_rows
            {%- if not loop.last %}
            union all
            {%- endif %}
            {%- endfor %}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}


{#- One connection's rows of a contract table, or '' when it has none: a contract
    connection's own table; a CRM's adapter model (built into adapters_<name>); a contract
    file beside a CRM's objects. -#}
{% macro connection_source(connection, table_name, columns) -%}
    {%- set crm = connection['crm'] -%}
    {%- set raw = adapter.get_relation(database=target.database, schema=connection['schema'],
                                       identifier=table_name) -%}
    {%- if crm == 'contract' -%}
        {{ contract_source(table_name, connection['schema']) }}
    {%- elif table_name in crm_provided_tables().get(crm, [])
             and not (table_name == 'fx_rates'
                      and adapter.get_relation(database=target.database, schema=connection['schema'],
                                               identifier='dated_conversion_rate') is none
                      and adapter.get_relation(database=target.database, schema=connection['schema'],
                                               identifier='currency_type') is none) -%}
        {%- set built = adapter.get_relation(database=target.database,
                                             schema='adapters_' ~ connection['name'],
                                             identifier=crm ~ '__' ~ table_name) -%}
        {%- if built is none -%}
            {{ exceptions.raise_compiler_error(
                "Connection " ~ connection['name'] ~ " (" ~ crm ~ "): its adapter model "
                ~ crm ~ "__" ~ table_name ~ " was not built; build with SOURCES= through "
                ~ "`make build`, which builds each connection's adapters first.") }}
        {%- endif -%}
        select {{ columns | join(', ') }}, _malformed, _source_row from {{ built }}
    {%- elif raw is not none -%}
        {{ contract_source(table_name, connection['schema']) }}
    {%- endif -%}
{%- endmacro %}
