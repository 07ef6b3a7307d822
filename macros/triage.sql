{#- Sends every parsed raw row to exactly one place (the triage rules) and says why:

    _row_status  'staged' | 'superseded' | 'rejected'
    _rule        why it was rejected (null otherwise)
    _reason      a sentence for the user
    _unparsed    optional columns whose text did not parse (kept as null, flagged)

    Rejection comes first, so an unusable row never replaces a usable version of its key.
    Among the usable rows of a key the first by `newest_first` wins; the rest are
    superseded. A winning version that is soft-deleted is rejected as `soft_deleted`:
    deleted rows never count, and an older version must not come back to life.

    relation      the CTE to read
    key           list of key columns
    rules         list of [condition, rule, reason_sql], checked in order
    newest_first  order by clause choosing the surviving version
    deleted       boolean column marking soft deletion, or none
    optional      parsed columns with a `<column>__text` twin, for _unparsed
    fallbacks     columns with a fallback value and a `<column>__unparsed` twin
    parsed_keys   key columns parsed from text (a `<column>__text` twin): a key that does
                  not parse is rejected quoting its text, not as "empty" -#}
{% macro triage(relation, key, rules, newest_first, deleted=none, optional=[], fallbacks=[],
                parsed_keys=[]) -%}
    {%- set rule_checks -%}
            when _malformed is not null then 'malformed_line'
        {%- for column in key %}
            when {{ column }} is null then 'missing_key'
        {%- endfor %}
        {%- for rule in rules %}
            when {{ rule[0] }} then '{{ rule[1] }}'
        {%- endfor %}
    {%- endset -%}
    {%- set reason_checks -%}
            when _malformed is not null then _malformed
        {%- for column in key %}
            {%- if column in parsed_keys %}
            when {{ column }} is null and {{ column }}__text is not null
                then '{{ column }} does not parse: ' || {{ column }}__text
            {%- endif %}
            when {{ column }} is null then '{{ column }} is empty'
        {%- endfor %}
        {%- for rule in rules %}
            when {{ rule[0] }} then {{ rule[2] }}
        {%- endfor %}
    {%- endset -%}
    select
        checked.*,
        case
            when checked._check_rule is not null then 'rejected'
            when checked._version_rank > 1 then 'superseded'
            {%- if deleted %}
            when checked.{{ deleted }} then 'rejected'
            {%- endif %}
            else 'staged'
        end as _row_status,
        case
            when checked._check_rule is not null then checked._check_rule
            {%- if deleted %}
            when checked._version_rank = 1 and checked.{{ deleted }} then 'soft_deleted'
            {%- endif %}
        end as _rule,
        case
            when checked._check_rule is not null then checked._check_reason
            {%- if deleted %}
            when checked._version_rank = 1 and checked.{{ deleted }}
                then 'the latest version is marked deleted (is_deleted = true)'
            {%- endif %}
        end as _reason,
        {{ unparsed_columns(optional, fallbacks) }} as _unparsed
    from (
        select
            flagged.*,
            case
                when flagged._check_rule is null
                    then row_number() over (
                        partition by {{ key | join(', ') }}, flagged._check_rule
                        order by {{ newest_first }}, flagged._source_row desc
                    )
            end as _version_rank
        from (
            select
                {{ relation }}.*,
                case {{ rule_checks }} end as _check_rule,
                case {{ reason_checks }} end as _check_reason
            from {{ relation }}
        ) as flagged
    ) as checked
{%- endmacro %}
