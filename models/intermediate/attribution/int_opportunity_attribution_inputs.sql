{#- One row per opportunity: the fingerprint of everything its linked responses,
    touchpoints and attribution weights are computed from (macros/incremental.sql): its
    window (account, created_at, converted lead, close) and every response of its
    account's leads and of the leads converted into it. An incremental build recomputes
    an opportunity whose fingerprint changed; the others keep their rows. -#}

with opportunities as (
    select * from {{ ref('int_opportunities_converted') }}
),

responses as (
    select * from {{ ref('int_campaign_responses_joined') }}
),

response_fingerprints as (
    select
        account_id,
        converted_opportunity_id,
        {{ fingerprint_int([
            'member_id', 'lead_id', 'campaign_id', 'account_id', 'converted_opportunity_id',
            'lead_created_at', 'channel', 'responded_at']) }} as response_hash
    from responses
),

by_account as (
    select
        account_id,
        count(*) as response_count,
        -- 62-bit hashes summed exactly (38 digits hold 10^19 of them)
        sum(cast(response_hash as decimal(38, 0))) as response_hash_sum
    from response_fingerprints
    where account_id is not null
    group by account_id
),

by_converted_opportunity as (
    select
        converted_opportunity_id as opportunity_id,
        count(*) as response_count,
        sum(cast(response_hash as decimal(38, 0))) as response_hash_sum
    from response_fingerprints
    where converted_opportunity_id is not null
    group by converted_opportunity_id
),

final as (
    select
        opportunities.opportunity_id,
        {{ fingerprint_int([
            'opportunities.opportunity_id', 'opportunities.account_id', 'opportunities.created_at',
            'opportunities.converted_lead_id', 'opportunities.is_closed', 'opportunities.close_date',
            'by_account.response_count', 'by_account.response_hash_sum',
            'by_converted_opportunity.response_count', 'by_converted_opportunity.response_hash_sum']) }}
            as inputs_hash
    from opportunities
    left join by_account on opportunities.account_id = by_account.account_id
    left join by_converted_opportunity
        on opportunities.opportunity_id = by_converted_opportunity.opportunity_id
)

select * from final
