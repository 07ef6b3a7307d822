{#- One row per month × segment × metric (a segment's target), or × owner_id or team (a
    quota; segment 'all' when the quota covers the whole book).
    Rows that did not survive triage are in rejected_rows / superseded_rows. -#}

with base as (
    select * from {{ ref('base_crm__targets') }}
),

final as (
    select
        -- custom fields (var custom_fields)
        {{ custom_field_columns('targets') }}
        -- keys
        month,
        segment,
        metric,
        owner_id,
        team,
        -- numerics
        target_value
    from base
    where _row_status = 'staged'
)

select * from final
