{#- One row per month a meeting pack can be made for: a complete month (its last day at
    or before as_of) in which leads or opportunities were created. Every window the pack
    uses is a column here, so rpt_ models agree on where a window starts and ends:
    the period itself, its end as an instant, the two comparison months, the trailing
    12 months, and the fiscal quarter and year it belongs to (whole, months after as_of
    included). -#}

with months as (
    select * from {{ ref('dim_months') }}
),

kpis as (
    select * from {{ ref('kpi_monthly') }}
),

active_months as (
    select distinct month
    from kpis
    where segment = 'all'
        and region = 'all'
        and metric in ('leads_created', 'opportunities_created')
        and value > 0
),

final as (
    select
        months.month as period,
        months.month as period_start,
        months.month_end as period_end,
        cast({{ dbt.dateadd('second', -1, 'cast(months.next_month as timestamp)') }} as timestamp)
            as period_end_at,
        months.next_month,
        cast({{ dbt.dateadd('month', -1, 'months.month') }} as date) as prior_period_month,
        cast({{ dbt.dateadd('month', -12, 'months.month') }} as date) as prior_year_month,
        cast({{ dbt.dateadd('month', -11, 'months.month') }} as date) as trailing_start,
        months.fiscal_year,
        months.fiscal_quarter,
        months.fiscal_quarter_start,
        months.fiscal_quarter_end,
        months.fiscal_year_start,
        months.fiscal_year_end
    from months
    inner join active_months on months.month = active_months.month
    where months.is_complete
)

select * from final
