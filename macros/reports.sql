{#- The segment × region cube of a CTE: its rows grouped by `keys` at the four levels
    (segment × region, segment × 'all', 'all' × region, 'all' × 'all'), each aggregate of
    `aggregates` (a list of [name, expression] pairs) computed at every level. -#}
{% macro segment_region_cube(source, keys, aggregates) -%}
    {%- for segment, region in [('segment', 'region'), ('segment', "'all'"),
                                ("'all'", 'region'), ("'all'", "'all'")] %}
    select
        {{ segment }} as segment,
        {{ region }} as region,
        {%- for key in keys %}
        {{ key }},
        {%- endfor %}
        {%- for name, expression in aggregates %}
        {{ expression }} as {{ name }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ source }}
    {%- set group_by = keys + (['segment'] if segment == 'segment' else [])
                           + (['region'] if region == 'region' else []) %}
    group by {{ group_by | join(', ') }}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
{%- endmacro %}


{#- True when a rate's denominator n is below var min_sample_size (the pack marks the
    rate "small sample, n = …"). -#}
{% macro is_small_sample(n) -%}
    coalesce({{ n }}, 0) < {{ var('min_sample_size') }}
{%- endmacro %}


{#- The rows of a CTE at each filter level of the pack: every row four times, with
    `segment` / `region` set to its own value or 'all', so a top-N list can be ranked per
    filter. The CTE names its own segment and region `row_segment` and `row_region`. -#}
{% macro segment_region_levels(source) -%}
    {%- for segment, region in [('row_segment', 'row_region'), ('row_segment', "'all'"),
                                ("'all'", 'row_region'), ("'all'", "'all'")] %}
    select
        {{ segment }} as segment,
        {{ region }} as region,
        {{ source }}.*
    from {{ source }}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
{%- endmacro %}


{#- The rows of a CTE ranked within each pack period × segment × region (`sort_order`,
    1 = first by `order_by`), for a top-N list. -#}
{% macro rank_per_filter(source, order_by, where=none) -%}
    select
        {{ source }}.*,
        row_number() over (
            partition by {{ source }}.period, {{ source }}.segment, {{ source }}.region
            order by {{ order_by }}
        ) as sort_order
    from {{ source }}
    {%- if where %}
    where {{ where }}
    {%- endif %}
{%- endmacro %}


{#- An amount as a window's `order by` should compare it: rounded to cents as a decimal.
    Sums of fractional shares (attribution weights) come out a last binary digit apart
    from one engine to another, or from one summation order to another; ranked raw, two
    channels with the same money swap places between DuckDB and Postgres. Rounded, they
    tie, and the tie-breaker that follows decides the same way everywhere. -#}
{% macro ranking_amount(expr) -%}
    round(cast({{ expr }} as {{ dbt.type_numeric() }}), 2)
{%- endmacro %}
