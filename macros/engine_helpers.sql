{#- Functions an engine lacks, created before every run (on-run-start), so models stay the
    same on every engine. Only PostgreSQL needs any: it has no try_cast, and a failed cast is
    an error there, so the casts that must give null on bad text are small PL/pgSQL
    functions in the target schema. DuckDB and Spark have try_cast built in. -#}
{% macro create_engine_helpers() -%}
    {{ return(adapter.dispatch('create_engine_helpers', 'shared_funnel')()) }}
{%- endmacro %}

{% macro default__create_engine_helpers() -%}
{%- endmacro %}

{% macro postgres__create_engine_helpers() -%}
    {%- set schema = target.schema -%}
    create schema if not exists {{ schema }};
    {%- for name, type in [('double', 'double precision'), ('bigint', 'bigint')] %}
    {%- for argument in ['text', 'double precision'] %}
    create or replace function {{ schema }}.shared_funnel_try_{{ name }}(value {{ argument }})
    returns {{ type }} language plpgsql immutable as $fn$
    begin
        return cast(value as {{ type }});
    exception when others then
        return null;
    end
    $fn$;
    {%- endfor %}
    {%- endfor %}
    {#- ISO dates only: PostgreSQL would also read 'now', 'today', 'epoch' and 03/04/2025 -#}
    create or replace function {{ schema }}.shared_funnel_try_timestamptz(value text)
    returns timestamp with time zone language plpgsql stable set timezone to 'UTC' as $fn$
    begin
        if value !~ '^\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([ T]|\s*$)' then
            return null;
        end if;
        return cast(value as timestamp with time zone);
    exception when others then
        return null;
    end
    $fn$
{%- endmacro %}


{#- A raw row's position in its table (_source_row). Spark needs an ordered window: its
    row ids follow the file's order. -#}
{% macro source_row_number() -%}
    {{ return(adapter.dispatch('source_row_number', 'shared_funnel')()) }}
{%- endmacro %}

{% macro default__source_row_number() -%}
    row_number() over ()
{%- endmacro %}

{% macro spark__source_row_number() -%}
    row_number() over (order by monotonically_increasing_id())
{%- endmacro %}


{#- dbt-spark's session method loads seed rows by pasting each value between quotes: an
    empty cell becomes the text 'None' and a quote breaks the statement. Ours writes null
    for an empty cell and escapes the value (Spark's backslash escapes). -#}
{% macro spark__load_csv_rows(model, agate_table) %}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(get_batch_size()) -%}
        {%- set sql -%}
            insert into {{ this.render() }} values
            {%- for row in chunk %}
            (
                {%- for col_name in agate_table.column_names -%}
                {%- set type = column_override.get(col_name, adapter.convert_type(agate_table, loop.index0)) -%}
                {%- set value = row[loop.index0] -%}
                cast({{ 'null' if value is none else "'" ~ (value | string).replace('\\', '\\\\').replace("'", "\\'") ~ "'" }} as {{ type }})
                {%- if not loop.last %}, {% endif -%}
                {%- endfor -%}
            )
            {%- if not loop.last %},{% endif -%}
            {%- endfor %}
        {%- endset -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- if loop.index0 == 0 -%}{%- do statements.append(sql) -%}{%- endif -%}
    {%- endfor -%}
    {{ return(statements[0]) }}
{% endmacro %}
