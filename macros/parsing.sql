{#- Parsing raw text. Every raw column arrives as trimmed text (see raw_source); these
    turn it into typed values and give null, never an error, for text that does not parse. -#}

{% macro clean_text(expr) -%}
    nullif(trim(cast({{ expr }} as {{ dbt.type_string() }})), '')
{%- endmacro %}


{#- A UTC timestamp, or null for text that is not one or lies outside the plausible range
    [var earliest_plausible_date, var latest_plausible_date]: a typo such as 0025-01-06 or
    2205-01-01 is treated as a value that does not parse (flagged, or rejected when the
    timestamp is required), so it never stretches the month calendar or moves as_of. -#}
{% macro parse_timestamp(expr) -%}
    {%- set parsed = adapter.dispatch('parse_timestamp', 'shared_funnel')(expr) -%}
    {#- the day after the latest plausible date, as a literal: the same on every engine -#}
    {%- set latest = modules.datetime.date.fromisoformat(var("latest_plausible_date") | string) -%}
    {%- set day_after = latest + modules.datetime.timedelta(days=1) -%}
    case
        when {{ parsed }} >= cast('{{ var("earliest_plausible_date") }}' as timestamp)
            and {{ parsed }} < cast('{{ day_after.isoformat() }}' as timestamp)
            then {{ parsed }}
    end
{%- endmacro %}

{#- ISO-8601 text to a UTC timestamp without time zone. An offset such as +02:00 is
    honoured (converted to UTC); text without one is taken as UTC. -#}
{% macro default__parse_timestamp(expr) -%}
    cast({{ dbt.safe_cast(expr, 'timestamp with time zone') }} at time zone 'UTC' as timestamp)
{%- endmacro %}

{% macro postgres__parse_timestamp(expr) -%}
    ({{ target.schema }}.shared_funnel_try_timestamptz({{ expr }}) at time zone 'UTC')
{%- endmacro %}

{#- Spark reads an offset itself; the session time zone (UTC, profiles.yml) is the rest. -#}
{% macro spark__parse_timestamp(expr) -%}
    try_cast({{ expr }} as timestamp)
{%- endmacro %}

{% macro duckdb__parse_timestamp(expr) -%}
    {#- try_cast(... as timestamp) would silently drop an offset: parse with the zone, then
        take the epoch, which is the same instant whatever the session time zone. -#}
    make_timestamp(epoch_us(try_cast({{ expr }} as timestamptz)))
{%- endmacro %}


{#- A date from `YYYY-MM-DD` (or a full timestamp, whose UTC day is taken). -#}
{% macro parse_date(expr) -%}
    cast({{ parse_timestamp(expr) }} as date)
{%- endmacro %}


{#- A number, or null for text that is not one (NaN, infinities and numbers too large to
    be real, like 1e309, included). -#}
{% macro parse_number(expr) -%}
    case
        when lower({{ expr }}) in ('nan', '+nan', '-nan', 'inf', '+inf', '-inf',
                                   'infinity', '+infinity', '-infinity') then null
        when abs({{ try_cast(expr, type_double()) }}) < 1e300 then {{ try_cast(expr, type_double()) }}
    end
{%- endmacro %}


{#- A whole number that fits 64 bits, or null (a count beyond any real company's size). -#}
{% macro parse_bigint(expr) -%}
    {{ try_cast(parse_number(expr), dbt.type_bigint()) }}
{%- endmacro %}


{% macro parse_bool(expr) -%}
    case
        when lower({{ expr }}) in ('true', 't', '1', 'yes', 'y') then true
        when lower({{ expr }}) in ('false', 'f', '0', 'no', 'n') then false
    end
{%- endmacro %}


{#- Comma-separated names of the columns whose text did not parse (the typed column is
    null while its `<column>__text` twin is not, or, for a column with a fallback such as a
    boolean read from the stage, its `<column>__unparsed` twin holds the text); empty when
    all parsed. -#}
{% macro unparsed_columns(columns, fallbacks=[]) -%}
    {%- if columns | length == 0 and fallbacks | length == 0 -%}
        cast('' as {{ dbt.type_string() }})
    {%- else -%}
        concat_ws(', '
        {%- for column in columns %},
            case when {{ column }}__text is not null and {{ column }} is null then '{{ column }}' end
        {%- endfor %}
        {%- for column in fallbacks %},
            case when {{ column }}__unparsed is not null then '{{ column }}' end
        {%- endfor %}
        )
    {%- endif -%}
{%- endmacro %}


{#- Cast that gives null instead of an error. dbt's own safe_cast falls back to a plain
    cast on adapters that do not implement it (dbt-duckdb among them). -#}
{% macro try_cast(expr, type) -%}
    {{ return(adapter.dispatch('try_cast', 'shared_funnel')(expr, type)) }}
{%- endmacro %}

{% macro default__try_cast(expr, type) -%}
    {{ dbt.safe_cast(expr, type) }}
{%- endmacro %}

{#- PostgreSQL: the functions of create_engine_helpers (double precision and bigint). -#}
{% macro postgres__try_cast(expr, type) -%}
    {%- set helpers = {'double precision': 'double', 'bigint': 'bigint'} -%}
    {%- if type | lower not in helpers -%}
        {{ exceptions.raise_compiler_error("try_cast to " ~ type ~ " has no PostgreSQL helper; add one to create_engine_helpers") }}
    {%- endif -%}
    {{ target.schema }}.shared_funnel_try_{{ helpers[type | lower] }}({{ expr }})
{%- endmacro %}

{% macro spark__try_cast(expr, type) -%}
    try_cast({{ expr }} as {{ type }})
{%- endmacro %}

{% macro duckdb__try_cast(expr, type) -%}
    try_cast({{ expr }} as {{ type }})
{%- endmacro %}


{#- A 64-bit float. type_double() is `float`, which is 32-bit in DuckDB and Spark:
    ratios and USD sums need double precision. -#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'shared_funnel')()) }}
{%- endmacro %}

{% macro default__type_double() -%}double precision{%- endmacro %}

{% macro duckdb__type_double() -%}double{%- endmacro %}

{% macro spark__type_double() -%}double{%- endmacro %}
