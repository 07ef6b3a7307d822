{#- The settings the numbers were built with (the vars and as_of), for the pack's
    glossary page. -#}

with settings as (
    select * from {{ ref('pack_settings') }}
),

final as (
    select
        setting,
        value as setting_value,
        row_number() over (order by setting) as sort_order
    from settings
)

select * from final
