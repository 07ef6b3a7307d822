{#- The column rules of one model in one pass over its rows, instead of one query (and one
    dbt node) per rule and column:
      unique: [columns]            no two rows share a non-null value
      not_null: [columns]          no nulls
      grain: [columns]             no two rows share all these values (nulls alike)
      accepted_values: {column: [values]}          every non-null value is one of these
      accepted_range: {column: {min_value, max_value}}   every non-null value within
    Returns one row per broken rule: the rule, the column(s) and how many rows break it. -#}
{% test column_rules(model, unique=[], not_null=[], grain=none, accepted_values={},
                     accepted_range={}) %}

{%- set checks = [] -%}
{%- for column in unique -%}
    {%- do checks.append(('unique', column,
        'count(' ~ column ~ ') - count(distinct ' ~ column ~ ')')) -%}
{%- endfor -%}
{%- for column in not_null -%}
    {%- do checks.append(('not_null', column,
        'sum(case when ' ~ column ~ ' is null then 1 else 0 end)')) -%}
{%- endfor -%}
{%- for column, values in accepted_values.items() -%}
    {%- set listed = [] -%}
    {%- for value in values -%}
        {%- do listed.append("'" ~ (value | string | replace("'", "''")) ~ "'") -%}
    {%- endfor -%}
    {%- do checks.append(('accepted_values', column,
        'sum(case when ' ~ column ~ ' not in (' ~ listed | join(', ') ~ ') then 1 else 0 end)')) -%}
{%- endfor -%}
{%- for column, bounds in accepted_range.items() -%}
    {%- set outside = [] -%}
    {%- if bounds.get('min_value') is not none -%}
        {%- do outside.append(column ~ ' < ' ~ bounds['min_value']) -%}
    {%- endif -%}
    {%- if bounds.get('max_value') is not none -%}
        {%- do outside.append(column ~ ' > ' ~ bounds['max_value']) -%}
    {%- endif -%}
    {%- do checks.append(('accepted_range', column,
        'sum(case when ' ~ (outside | join(' or ')) ~ ' then 1 else 0 end)')) -%}
{%- endfor -%}

with
{%- if checks %}

column_counts as (
    select
        {%- for rule, column, expression in checks %}
        coalesce({{ expression }}, 0) as check_{{ loop.index }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ model }}
),
{%- endif %}
{%- if grain %}

grain_groups as (
    select count(*) as row_count
    from {{ model }}
    group by {{ grain | join(', ') }}
    having count(*) > 1
),

grain_count as (
    select coalesce(sum(row_count), 0) as failing_rows
    from grain_groups
),
{%- endif %}

broken as (
    {%- for rule, column, expression in checks %}
    select
        '{{ rule }}' as rule,
        '{{ column }}' as column_name,
        check_{{ loop.index }} as failing_rows
    from column_counts
    {{ 'union all' if not loop.last or grain }}
    {%- endfor %}
    {%- if grain %}
    select
        'grain' as rule,
        '{{ grain | join(", ") }}' as column_name,
        failing_rows
    from grain_count
    {%- endif %}
)

select *
from broken
where failing_rows > 0

{% endtest %}
