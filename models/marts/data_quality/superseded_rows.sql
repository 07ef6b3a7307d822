{#- One row per raw row replaced by a newer version of the same key (latest updated_at,
    or created_at, wins; exact duplicates keep one). -#}

with superseded as (
    {{ rows_with_status('superseded') }}
),

final as (
    select
        source_table,
        source_key,
        source_row
    from superseded
)

select * from final
