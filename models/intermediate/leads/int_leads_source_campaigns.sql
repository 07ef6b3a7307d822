{#- One row per lead with a campaign response: the campaign that created it — its response
    nearest at or after its created_at (ties by member_id), else its latest response before created_at. -#}

with responses as (
    select * from {{ ref('int_campaign_responses_joined') }}
),

ranked as (
    select
        lead_id,
        campaign_id,
        channel,
        responded_at,
        row_number() over (
            partition by lead_id
            order by
                case when responded_at >= lead_created_at then 0 else 1 end asc,
                case when responded_at >= lead_created_at then responded_at end asc,
                responded_at desc,
                member_id asc
        ) as preference
    from responses
),

final as (
    select
        lead_id,
        campaign_id as source_campaign_id,
        channel as source_campaign_channel,
        responded_at as source_responded_at
    from ranked
    where preference = 1
)

select * from final
