{#- dbt run-operation load_raw_files --args '{raw_dir: /abs/folder}'

    Loads a folder of raw files named as the contract (`leads.csv` or `leads.parquet`, ...)
    into the raw schema, every CSV column as text. Optional tables without a file are
    dropped (staging then sees an empty table with the right columns); a missing required
    table stops here with one line naming it. DuckDB only: reading files is the one thing
    that cannot be portable. -#}
{% macro load_raw_files(raw_dir) %}
    {{ return(adapter.dispatch('load_raw_files', 'shared_funnel')(raw_dir)) }}
{% endmacro %}

{% macro default__load_raw_files(raw_dir) %}
    {{ exceptions.raise_compiler_error(
        "RAW_DIR loading is implemented for DuckDB; on " ~ target.type
        ~ " load the files into schema '" ~ var('raw_schema') ~ "' and set load_source_data: false") }}
{% endmacro %}

{% macro duckdb__load_raw_files(raw_dir) %}
    {%- set folder = raw_dir.rstrip('/') -%}
    {%- set quoted_folder = folder.replace("'", "''") -%}
    {%- set found = run_query("select file from glob('" ~ quoted_folder ~ "/*')")
                    .columns[0].values() | list -%}
    {%- set schema = var('raw_schema') -%}
    {%- set plan = [] -%}
    {%- set missing = [] -%}
    {%- set doubled = [] -%}
    {%- set crm = var('source', 'contract') -%}
    {%- for node in graph.sources.values() if node.source_name in ('crm', crm) -%}
        {#- with a CRM source its adapters give the contract tables it holds -#}
        {%- set required = node.meta.get('required', false)
            and (node.source_name == crm or crm == 'contract') -%}
        {%- set parquet = folder ~ '/' ~ node.name ~ '.parquet' -%}
        {%- set csv = folder ~ '/' ~ node.name ~ '.csv' -%}
        {%- if parquet in found and csv in found -%}
            {%- do doubled.append(node.name) -%}
        {%- elif parquet in found -%}
            {%- do plan.append((node.name, "read_parquet('" ~ parquet.replace("'", "''") ~ "')")) -%}
        {%- elif csv in found -%}
            {%- do plan.append((node.name, "read_csv('" ~ csv.replace("'", "''")
                ~ "', header = true, all_varchar = true, delim = ',', quote = '\"',"
                ~ " escape = '\"')")) -%}
        {%- elif required -%}
            {%- do missing.append(node.name) -%}
        {%- else -%}
            {%- do plan.append((node.name, none)) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if doubled -%}
        {{ exceptions.raise_compiler_error(
            "Two files for one table in " ~ folder ~ ": " ~ doubled | join(', ')
            ~ " (both <table>.csv and <table>.parquet). Keep one of each and build again;"
            ~ " nothing was loaded.") }}
    {%- endif -%}
    {%- if missing -%}
        {{ exceptions.raise_compiler_error(
            "Required raw table(s) missing in " ~ folder ~ ": " ~ missing | join(', ')
            ~ " (expected <table>.csv or <table>.parquet)") }}
    {%- endif -%}
    {% do run_query('create schema if not exists ' ~ schema) %}
    {%- for table, reader in plan -%}
        {%- if reader is none -%}
            {% do run_query('drop table if exists ' ~ schema ~ '.' ~ adapter.quote(table)) %}
            {% do log('raw ' ~ table ~ ': no file (optional, left empty)', info=true) %}
        {%- else -%}
            {% do run_query('create or replace table ' ~ schema ~ '.' ~ adapter.quote(table)
                            ~ ' as select * from ' ~ reader) %}
            {%- set n = run_query('select count(*) from ' ~ schema ~ '.' ~ adapter.quote(table))
                        .columns[0].values()[0] -%}
            {% do log('raw ' ~ table ~ ': ' ~ n ~ ' rows', info=true) %}
        {%- endif -%}
    {%- endfor -%}
{% endmacro %}
