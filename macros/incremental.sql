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


{#- Incremental attribution (int_opportunity_responses_linked, int_opportunity_touchpoints_ranked,
    fct_attribution). Each of their rows carries the opportunity's inputs_hash from
    int_opportunity_attribution_inputs: a fingerprint of everything its rows are computed
    from (its window: account, created_at, converted lead, close; and every response of its
    account's leads and of the leads converted into it). An incremental build first deletes
    the rows of every opportunity whose fingerprint (or, for fct_attribution, whose amounts,
    dates, segment or region) is not today's, or that is gone (stale_opportunity_rows), then
    computes the opportunities that have no rows left (opportunities_to_compute) and appends
    them. An opportunity with no rows at all is computed again each time (it gives none). -#}

{#- A non-negative integer fingerprint of the expressions (at most `bits` bits, 62 at most),
    the same on every run for the same values; a null differs from every value. -#}
{% macro fingerprint_int(expressions, bits=62) -%}
    {{ return(adapter.dispatch('fingerprint_int', 'shared_funnel')(expressions, bits)) }}
{%- endmacro %}

{% macro duckdb__fingerprint_int(expressions, bits) -%}
    cast(hash({{ expressions | join(', ') }}) >> {{ 64 - bits }} as bigint)
{%- endmacro %}

{% macro default__fingerprint_int(expressions, bits) -%}
    {#- md5 of the row's text form, where a null is empty and '' is "" -#}
    (('x' || substr(md5(cast(row({{ expressions | join(', ') }}) as text)), 1, 16))::bit(64)::bigint
        >> {{ 64 - bits }}) & {{ 2 ** bits - 1 }}
{%- endmacro %}

{% macro spark__fingerprint_int(expressions, bits) -%}
    shiftrightunsigned(xxhash64({{ expressions | join(', ') }}), {{ 64 - bits }})
{%- endmacro %}


{#- pre_hook: in an incremental build, delete the rows whose opportunity's fingerprint is
    not today's (or that is gone); `also_current` adds conditions on the stored row
    (`stored`) and `extra` (a relation joined on opportunity_id) that must hold too. The
    stale opportunities are found by one join, then deleted (a correlated delete was 6x
    slower at 1M leads). -#}
{% macro stale_opportunity_rows(also_current=none, extra=none) -%}
    {%- if is_incremental() -%}
    delete from {{ this }}
    where opportunity_id in (
        select stored.opportunity_id
        from {{ this }} as stored
        left join {{ ref('int_opportunity_attribution_inputs') }} as inputs
            on stored.opportunity_id = inputs.opportunity_id
        {%- if extra %}
        left join {{ extra }} as extra on stored.opportunity_id = extra.opportunity_id
        {%- endif %}
        where inputs.opportunity_id is null
            or inputs.inputs_hash is distinct from stored.inputs_hash
        {%- if extra %}
            or extra.opportunity_id is null
        {%- endif %}
        {%- if also_current %}
            or not ({{ also_current | join(' and ') }})
        {%- endif %}
    )
    {%- endif -%}
{%- endmacro %}


{#- In a model's SQL: `relation` (with opportunity_id) restricted, in an incremental build,
    to the opportunities the model holds no rows of (after stale_opportunity_rows). The
    anti-join reads the distinct opportunities, not every stored row: inside the transaction
    that has just deleted the stale rows, DuckDB held the whole stored table for it (at 10M
    leads fct_attribution's 83M rows did not fit in 3 GB; at 1M it needed 300-500 MB, the
    distinct form 100-150 MB). -#}
{% macro opportunities_to_compute(relation) -%}
    {%- if is_incremental() -%}
    where not exists (
        select 1
        from (select distinct stored.opportunity_id from {{ this }} as stored) as computed
        where computed.opportunity_id = {{ relation }}.opportunity_id
    )
    {%- endif -%}
{%- endmacro %}
