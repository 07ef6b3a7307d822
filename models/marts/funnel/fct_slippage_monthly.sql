{#- Slippage per month × segment × region: the open deals whose close date was pushed out
    of the fiscal quarter, pulled into it, or that shrank, in the month (a deal counts once
    per direction and month; its amount is the one just before its first such change in
    the month), and the pipeline lost to shrinking (USD at the created month's rate). -#}

with events as (
    select * from {{ ref('int_opportunity_slippage_events') }}
),

firsts as (
    select
        opportunity_id,
        segment,
        region,
        change_month,
        direction,
        amount_before_usd,
        amount_delta_usd,
        row_number() over (
            partition by opportunity_id, change_month, direction
            order by changed_at
        ) as rn
    from events
),

per_deal as (
    select
        opportunity_id,
        segment,
        region,
        change_month,
        direction,
        max(case when rn = 1 then amount_before_usd end) as amount_before_usd,
        sum(amount_delta_usd) as amount_delta_usd
    from firsts
    group by opportunity_id, segment, region, change_month, direction
),

final as (
    select
        change_month as month,
        segment,
        region,
        sum(case when direction = 'pushed_out' then 1 else 0 end) as deals_pushed_out,
        sum(case when direction = 'pushed_out' then amount_before_usd else 0 end) as pushed_out_amount_usd,
        sum(case when direction = 'pulled_in' then 1 else 0 end) as deals_pulled_in,
        sum(case when direction = 'pulled_in' then amount_before_usd else 0 end) as pulled_in_amount_usd,
        sum(case when direction = 'shrunk' then 1 else 0 end) as deals_shrunk,
        sum(case when direction = 'shrunk' then -amount_delta_usd else 0 end) as shrunk_amount_usd,
        sum(case when direction = 'grown' then 1 else 0 end) as deals_grown,
        sum(case when direction = 'grown' then amount_delta_usd else 0 end) as grown_amount_usd
    from per_deal
    group by change_month, segment, region
)

select * from final
