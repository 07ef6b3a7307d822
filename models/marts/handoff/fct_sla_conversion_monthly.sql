{#- Does the handoff SLA matter? Per MQL month × SLA status: MQLs, how many became SQLs and
    how many became won deals, and the rates. -#}

with leads as (
    select * from {{ ref('fct_leads') }}
    where mql_at is not null
),

grouped as (
    select
        mql_month as month,
        sla_status,
        count(*) as mqls,
        sum(case when is_sql then 1 else 0 end) as sqls,
        sum(case when is_won then 1 else 0 end) as won_deals,
        sum(coalesce(won_amount_usd, 0)) as won_revenue
    from leads
    group by mql_month, sla_status
),

final as (
    select
        month,
        sla_status,
        mqls,
        sqls,
        won_deals,
        won_revenue,
        {{ safe_divide('sqls', 'mqls') }} as sql_rate,
        {{ safe_divide('won_deals', 'mqls') }} as won_rate
    from grouped
)

select * from final
