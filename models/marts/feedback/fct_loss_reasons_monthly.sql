{#- Deals lost per close month × segment × loss reason × competitor, with their amount. -#}

with opportunities as (
    select * from {{ ref('fct_opportunities') }}
    where is_lost
),

final as (
    select
        close_month as month,
        segment,
        coalesce(loss_reason, 'not given') as loss_reason,
        coalesce(competitor, 'none named') as competitor,
        count(*) as lost_deals,
        sum(closed_amount_usd) as lost_amount_usd
    from opportunities
    group by
        close_month,
        segment,
        coalesce(loss_reason, 'not given'),
        coalesce(competitor, 'none named')
)

select * from final
