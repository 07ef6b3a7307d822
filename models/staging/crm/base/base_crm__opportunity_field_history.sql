{#- Every raw opportunity_field_history row, parsed and triaged. Values stay text: one
    column holds dates, amounts, percentages and categories (int_opportunity_field_values
    parses each field's values). -#}

with source as (
    {{ raw_source('opportunity_field_history') }}
),

parsed as (
    select
        _source_row,
        _malformed,
        -- custom fields (var custom_fields), typed as declared
        {{ custom_field_columns('opportunity_field_history', typed=true) }}
        -- ids
        opportunity_id,
        -- strings
        lower(field) as field,
        old_value,
        new_value,
        -- timestamps
        {{ parse_timestamp('changed_at') }} as changed_at,
        changed_at as changed_at__text
    from source
),

final as (
    {{ triage(
    'parsed',
    key=['opportunity_id', 'field', 'changed_at'],
    rules=[],
    newest_first='_source_row desc',
    optional=[],
    parsed_keys=['changed_at'],
) }}
)

select * from final
