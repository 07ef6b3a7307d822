{#- kpi_monthly turned wide for the reports layer: one row per month × segment × region
    with every metric as a column (the values exactly as kpi_monthly holds them). -#}
-- noqa: disable=LT02

{%- set metrics = kpi_metric_names('kpi_monthly') %}

with kpis as (
    select * from {{ ref('kpi_monthly') }}
),

final as (
    select
        month,
        segment,
        region,
        {%- for metric in metrics %}
        max(case when metric = '{{ metric }}' then value end) as {{ metric }}{{ ',' if not loop.last }}
        {%- endfor %}
    from kpis
    group by month, segment, region
)

select * from final
