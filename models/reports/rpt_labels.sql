{#- The human label and chart colour of every category code the pack shows (the
    category_labels seed): one place to rename a channel, reason, stage or team. -#}

with labels as (
    select * from {{ ref('category_labels') }}
),

final as (
    select
        dimension,
        code,
        label,
        color,
        sort_order
    from labels
)

select * from final
