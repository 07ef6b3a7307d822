{#- Time from MQL to first sales touch in buckets, per MQL month × team: under 1 h,
    1-4 h, 4-24 h, 1-3 days, later, never (no touch yet). -#}

with leads as (
    -- every MQL, a return after disqualification its own, with its own SLA verdict
    select * from {{ ref('fct_mql_events') }}
),

bucketed as (
    select
        mql_month as month,
        coalesce(owner_team, 'unassigned') as team,
        case
            when hours_to_first_touch is null then 'never'
            when hours_to_first_touch < 1 then 'under 1 h'
            when hours_to_first_touch < 4 then '1-4 h'
            when hours_to_first_touch < 24 then '4-24 h'
            when hours_to_first_touch < 72 then '1-3 days'
            else 'later'
        end as bucket,
        case
            when hours_to_first_touch is null then 6
            when hours_to_first_touch < 1 then 1
            when hours_to_first_touch < 4 then 2
            when hours_to_first_touch < 24 then 3
            when hours_to_first_touch < 72 then 4
            else 5
        end as bucket_order
    from leads
),

final as (
    select
        month,
        team,
        bucket,
        bucket_order,
        count(*) as mqls
    from bucketed
    group by month, team, bucket, bucket_order
)

select * from final
