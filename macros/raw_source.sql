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
        {%- set node = graph.sources['source.shared_funnel.crm.' ~ table_name] -%}
        {%- set contract = node.columns.keys() | list -%}
        {%- set existing = adapter.get_relation(
                database=relation.database, schema=relation.schema,
                identifier=relation.identifier) -%}
        {%- if existing is none and node.meta.get('required', false) -%}
            {{ exceptions.raise_compiler_error(
                "Required raw table '" ~ table_name ~ "' is missing (looked for "
                ~ relation ~ "). Provide " ~ table_name ~ ".csv or " ~ table_name
                ~ ".parquet in RAW_DIR, or the table in the raw schema.") }}
        {%- elif existing is none -%}
            select
            {%- for column in contract %}
                cast(null as {{ dbt.type_string() }}) as {{ column }},
            {%- endfor %}
                cast(null as {{ dbt.type_int() }}) as _source_row
            from (select 1 as no_rows) as empty_table
            where 1 = 0
        {%- else -%}
            {%- set present = adapter.get_columns_in_relation(existing)
                              | map(attribute='name') | map('lower') | list -%}
            select
            {%- for column in contract %}
                {% if column in present -%}
                {{ clean_text(adapter.quote(column)) }}
                {%- else -%}
                cast(null as {{ dbt.type_string() }})
                {%- endif %} as {{ column }},
            {%- endfor %}
                row_number() over () as _source_row
            from {{ relation }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
