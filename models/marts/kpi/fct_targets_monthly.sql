{#- Every segment target (not quotas) per month × segment × metric, with segment = 'all' the sum of the
    segments' targets (USD for money). -#}

with targets as (
    -- segment targets only: quotas (owner_id or team) are per person (fct_quota_attainment_monthly)
    select * from {{ ref('stg_crm__targets') }}
    where owner_id is null and team is null
),

final as (
    select month, segment, metric, sum(target_value) as target_value
    from targets
    group by month, segment, metric
    union all
    select month, 'all' as segment, metric, sum(target_value) as target_value
    from targets
    group by month, metric
)

select * from final
