{#- Open pipeline at each month end by stage: month × segment × region × stage. Stage from
    stage history when present, else the current stage; amounts in USD at the created
    month's rate. -#}

with snapshots as (
    select * from {{ ref('int_opportunity_month_snapshots') }}
),

final as (
    select
        month,
        segment,
        region,
        stage_name,
        count(*) as open_deals,
        sum(open_amount_usd) as open_amount_usd
    from snapshots
    group by month, segment, region, stage_name
)

select * from final
