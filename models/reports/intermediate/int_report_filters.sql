{#- One row per segment × region filter a pack can be made for ('all' included): the
    values kpi_monthly reports. -#}

with kpis as (
    select * from {{ ref('kpi_monthly') }}
),

segments as (
    select distinct segment from kpis
),

regions as (
    select distinct region from kpis
),

final as (
    select
        segments.segment,
        regions.region
    from segments
    cross join regions
)

select * from final
