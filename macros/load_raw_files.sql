{#- dbt run-operation load_raw_files --args '{raw_dir: /abs/folder}'

    Loads a folder of raw files named as the contract (`leads.csv` or `leads.parquet`, ...)
    into the raw schema, every CSV column as text. Optional tables without a file are
    dropped (staging then sees an empty table with the right columns); a missing required
    table stops here with one line naming it. DuckDB only: reading files is the one thing
    that cannot be portable: DuckDB reads the files itself, Spark makes external tables of
    them (below), PostgreSQL is fed by the build with COPY (shared_funnel.engines). -#}
{% macro load_raw_files(raw_dir, plan=none) %}
    {{ return(adapter.dispatch('load_raw_files', 'shared_funnel')(raw_dir, plan)) }}
{% endmacro %}

{% macro default__load_raw_files(raw_dir, plan=none) %}
    {{ exceptions.raise_compiler_error(
        "RAW_DIR loading is implemented for DuckDB, PostgreSQL and Spark; on " ~ target.type
        ~ " load the files into schema '" ~ var('raw_schema') ~ "' and build with RAW_SCHEMA="
        ~ var('raw_schema')) }}
{% endmacro %}

{#- The build's way on DuckDB (on-run-start, SHARED_FUNNEL_RAW_DIR set by shared_funnel.build):
    the raw tables are views over the checked files, so each base model reads its file
    itself, once, in the same dbt run (no copy, no second dbt start). Returns the hook's
    SQL, which dbt runs and commits before any model; the models look the raw tables up in
    dbt's relation cache, filled before hooks, so the views are added to it here. -#}
{% macro load_raw_files_in_place() %}
    {%- set folder = env_var('SHARED_FUNNEL_RAW_DIR', '') -%}
    {%- if execute and folder and target.type == 'duckdb' -%}
        {%- set schema = var('raw_schema') -%}
        {%- set views = ['create schema if not exists ' ~ schema] -%}
        {%- for table, reader in duckdb_raw_readers(folder) if reader is not none -%}
            {%- do views.append('create or replace view ' ~ schema ~ '.' ~ adapter.quote(table)
                    ~ ' as select * from ' ~ reader) -%}
            {% do adapter.cache_added(api.Relation.create(database=target.database, schema=schema,
                                                          identifier=table, type='view')) %}
            {% do log('raw ' ~ table ~ ': read in place', info=true) %}
        {%- endfor -%}
        {{ return(views | join(';\n')) }}
    {%- endif -%}
{% endmacro %}

{% macro duckdb__load_raw_files(raw_dir, plan=none) %}
    {%- set schema = var('raw_schema') -%}
    {% do run_query('create schema if not exists ' ~ schema) %}
    {%- set statements = [] -%}
    {%- for table, reader in duckdb_raw_readers(raw_dir) -%}
        {%- do statements.append((table, none if reader is none else
                'create or replace table ' ~ schema ~ '.' ~ adapter.quote(table)
                ~ ' as select * from ' ~ reader)) -%}
    {%- endfor -%}
    {% do create_raw_tables(schema, statements) %}
{% endmacro %}

{#- (table, DuckDB reader of its file, or none for an optional table without one) for every
    raw table of the source; a required table without a file, or a table with both a CSV
    and a Parquet file, stops here with one line. -#}
{% macro duckdb_raw_readers(raw_dir) %}
    {%- set folder = raw_dir.rstrip('/') -%}
    {%- set quoted_folder = folder.replace("'", "''") -%}
    {%- set found = run_query("select file from glob('" ~ quoted_folder ~ "/*')")
                    .columns[0].values() | list -%}
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
    {{ return(plan) }}
{% endmacro %}


{#- Run each (table, create statement) of a loader: a table without one is dropped (an
    optional table left empty); each created table's row count goes to the log. -#}
{% macro create_raw_tables(schema, statements) %}
    {%- for table, statement in statements -%}
        {%- set relation = schema ~ '.' ~ adapter.quote(table) -%}
        {% do run_query('drop table if exists ' ~ relation) %}
        {%- if statement is none -%}
            {% do log('raw ' ~ table ~ ': no file (optional, left empty)', info=true) %}
        {%- else -%}
            {% do run_query(statement) %}
            {%- set n = run_query('select count(*) from ' ~ relation).columns[0].values()[0] -%}
            {% do log('raw ' ~ table ~ ': ' ~ n ~ ' rows', info=true) %}
        {%- endif -%}
    {%- endfor -%}
{% endmacro %}


{#- Spark: plan is {table: file or null} from the build (which has checked the files and
    copied them under the warehouse folder, where they stay): each file becomes an external
    table of its raw schema (every CSV column as a string), a table without a file is dropped.
    The required tables were checked by the build. -#}
{% macro spark__load_raw_files(raw_dir, plan=none) %}
    {%- if plan is none -%}
        {{ exceptions.raise_compiler_error("load_raw_files on Spark takes the build's plan: "
            "run it through `make build ENGINE=spark` (python -m shared_funnel.build)") }}
    {%- endif -%}
    {%- set schema = var('raw_schema') -%}
    {% do run_query('create schema if not exists ' ~ schema) %}
    {%- set statements = [] -%}
    {%- for table, path in plan.items() -%}
        {%- set relation = schema ~ '.' ~ adapter.quote(table) -%}
        {%- set location = none if path is none else path.replace("'", "\\'") -%}
        {%- if path is none -%}
            {%- do statements.append((table, none)) -%}
        {%- elif path.endswith('.parquet') -%}
            {%- do statements.append((table, 'create table ' ~ relation
                    ~ " using parquet location '" ~ location ~ "'")) -%}
        {%- else -%}
            {%- do statements.append((table, 'create table ' ~ relation
                    ~ " using csv options (header 'true', multiLine 'true', quote '\"',"
                    ~ " escape '\"', mode 'PERMISSIVE') location '" ~ location ~ "'")) -%}
        {%- endif -%}
    {%- endfor -%}
    {% do create_raw_tables(schema, statements) %}
{% endmacro %}


{#- What the warehouse was built from, in table shared_funnel_build of the target schema
    (server engines; the DuckDB build writes it from Python). -#}
{% macro write_build_record(record) %}
    {%- set relation = target.schema ~ '.shared_funnel_build' -%}
    {% do run_query('create schema if not exists ' ~ target.schema) %}
    {% do run_query('drop table if exists ' ~ relation) %}
    {%- set columns = [] -%}
    {%- for name in ['source_kind', 'source', 'vars', 'fingerprint', 'crm'] -%}
        {%- set value = record.get(name) -%}
        {%- do columns.append(
                ("cast(null as " ~ dbt.type_string() ~ ")" if value is none
                 else "cast('" ~ dbt.escape_single_quotes(value | string) ~ "' as " ~ dbt.type_string() ~ ")")
                ~ ' as ' ~ name) -%}
    {%- endfor -%}
    {% do run_query('create table ' ~ relation ~ ' as select ' ~ columns | join(', ')
                    ~ ', ' ~ dbt.current_timestamp() ~ ' as built_at') %}
{% endmacro %}
