{#- Incremental event streams (campaign responses, activities, stage history).

    Their base models keep every raw row with its triage result. An incremental build
    (the build decides: same source, same project and vars as the warehouse it copies)
    triages again only the rows that may have changed, and every other version of their
    keys, then replaces those keys (delete+insert on _row_key):

      - rows past the last file position the warehouse read (an append, whatever its dates);
      - rows whose event time is within var incremental_lookback_days of the latest one it
        read (late-arriving rows written in place);
      - rows without a usable key or event time, and malformed lines (few; always redone).

    A key none of whose rows is in that set has the same raw rows, at the same positions,
    as in the build that triaged it (files are append-mostly), so its rows stand. Every
    rule of the triage looks at the row alone, which is what makes this exact; a file
    that lost or reordered rows needs `make build FULL_REFRESH=1`. -#}


{#- The materialization of an event stream's base model: incremental, except on Spark,
    whose file tables have no delete+insert (each build there is a full one). -#}
{% macro event_stream_materialization() -%}
    {{ return('table' if target.type == 'spark' else 'incremental') }}
{%- endmacro %}


{#- The rows of `relation` (a parsed CTE with _row_key, _source_row and _malformed) that an
    incremental build triages again (see above). -#}
{% macro event_stream_batch(relation, key, event_time) -%}
    {%- set lookback = var('incremental_lookback_days') | int -%}
    select {{ relation }}.*
    from {{ relation }}
    where _row_key in (
        select changed._row_key
        from {{ relation }} as changed
        cross join (
            select
                max(_source_row) as last_row,
                max({{ event_time }}) as last_time
            from {{ this }}
        ) as previous
        where previous.last_row is null
            or changed._source_row > previous.last_row
            or changed.{{ event_time }} >= {{ dbt.dateadd('day', -lookback, 'previous.last_time') }}
            or changed.{{ event_time }} is null
            or changed._malformed is not null
        {%- for column in key %}
            or changed.{{ column }} is null
        {%- endfor %}
    )
{%- endmacro %}
