{#- Every target per month × segment × metric, with segment = 'all' the sum of the
    segments' targets (USD for money). -#}

with targets as (
    select * from {{ ref('stg_crm__targets') }}
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
