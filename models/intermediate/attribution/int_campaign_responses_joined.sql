{#- One row per campaign response (responded_at not null) of a staged lead, with the
    lead's account and the campaign's channel: the raw material of attribution and
    influence. Responses of deleted or rejected leads are left out (their account is
    unknown). -#}

with campaign_members as (
    select * from {{ ref('stg_crm__campaign_members') }}
),

leads as (
    select * from {{ ref('stg_crm__leads') }}
),

campaigns as (
    select * from {{ ref('stg_crm__campaigns') }}
),

final as (
    select
        campaign_members.member_id,
        campaign_members.lead_id,
        campaign_members.campaign_id,
        leads.account_id,
        leads.converted_opportunity_id,
        leads.created_at as lead_created_at,
        coalesce(campaigns.channel, 'unknown') as channel,
        campaign_members.responded_at
    from campaign_members
    inner join leads on campaign_members.lead_id = leads.lead_id
    left join campaigns on campaign_members.campaign_id = campaigns.campaign_id
    where campaign_members.responded_at is not null
)

select * from final
