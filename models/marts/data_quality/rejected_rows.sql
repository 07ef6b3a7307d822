{#- One row per unusable raw row (triage rules, glossary): no key, a required timestamp missing or
    unparseable, an amount that is not a number or is negative, a currency with no rate,
    or the latest version of a soft-deleted record. -#}

with rejected as (
    {{ rows_with_status('rejected') }}
),

final as (
    select
        source_table,
        coalesce(nullif(source_key, ''), '(row ' || cast(source_row as {{ dbt.type_string() }}) || ')')
            as source_key,
        source_row,
        rule,
        reason
    from rejected
)

select * from final
