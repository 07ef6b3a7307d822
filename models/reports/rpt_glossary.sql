{#- The glossary: every metric's label, unit, basis and definition (metric_definitions);
    the pack lists the ones it shows. -#}

with definitions as (
    select * from {{ ref('metric_definitions') }}
),

final as (
    select
        metric,
        label,
        unit,
        higher_is_better,
        basis,
        definition,
        sort_order
    from definitions
)

select * from final
