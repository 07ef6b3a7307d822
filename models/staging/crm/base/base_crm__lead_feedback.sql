{#- Every raw lead_feedback row, parsed and triaged. A rating outside 1-5 becomes null (flagged). -#}

with source as (
    {{ raw_source('lead_feedback') }}
),

parsed as (
    select
        _source_row,
        _malformed,
        -- custom fields (var custom_fields), typed as declared
        {{ custom_field_columns('lead_feedback', typed=true) }}
        -- ids
        feedback_id,
        lead_id,
        submitted_by,
        -- strings
        lower(verdict) as verdict,
        reason,
        comment,
        -- numerics
        case
            when {{ parse_number('rating') }} between 1 and 5
                then cast({{ parse_number('rating') }} as {{ dbt.type_int() }})
        end as rating,
        rating as rating__text,
        -- timestamps
        {{ parse_timestamp('submitted_at') }} as submitted_at,
        submitted_at as submitted_at__text
    from source
),

final as (
    {{ triage(
    'parsed',
    key=['feedback_id'],
    rules=[

    ],
    newest_first='_source_row desc',
    optional=['rating', 'submitted_at'],
) }}
)

select * from final
