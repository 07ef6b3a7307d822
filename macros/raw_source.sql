{#- The import CTE of every base model: the raw table with exactly the contract's columns
    (documented in _crm__sources.yml) as trimmed text, plus _source_row, its position.

    - a column the raw table lacks becomes a typed null (a CRM without that field still builds);
    - an optional table that is absent becomes an empty relation with the right columns;
    - a required table that is absent stops the build with one line naming it. -#}
{% macro raw_source(table_name) -%}
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
            {%- for column in contract %}
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
