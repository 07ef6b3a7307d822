{#- One row per opportunity × touchpoint (SPEC §4 attribution): the responses of leads of
    its account, or of the lead converted into it, from var('lookback_days') before its
    created_at up to its created_at, both ends inclusive; a response reached both ways
    counts once. Ordered by responded_at then member_id. Also marks the lead-creation touch
    (W-shaped): the converted lead's touch nearest at or after that lead's created_at. -#}

with opportunities as (
    select * from {{ ref('int_opportunities_converted') }}
),

responses as (
    select * from {{ ref('int_campaign_responses_joined') }}
),

converted_leads as (
    select lead_id, converted_opportunity_id, created_at
    from {{ ref('stg_crm__leads') }}
    where converted_opportunity_id is not null
),

windows as (
    select
        opportunity_id,
        account_id,
        created_at as opportunity_created_at,
        {{ dbt.dateadd('day', -(var('lookback_days') | int), 'created_at') }} as window_start_at,
        converted_lead_id
    from opportunities
),

via_account as (
    select windows.opportunity_id, responses.member_id
    from windows
    inner join responses on windows.account_id = responses.account_id
    where responses.responded_at >= windows.window_start_at
        and responses.responded_at <= windows.opportunity_created_at
),

via_converted_lead as (
    select windows.opportunity_id, responses.member_id
    from windows
    inner join converted_leads on windows.opportunity_id = converted_leads.converted_opportunity_id
    inner join responses on converted_leads.lead_id = responses.lead_id
    where responses.responded_at >= windows.window_start_at
        and responses.responded_at <= windows.opportunity_created_at
),

touchpoints as (
    select opportunity_id, member_id from via_account
    union
    select opportunity_id, member_id from via_converted_lead
),

ranked as (
    select
        touchpoints.opportunity_id,
        touchpoints.member_id,
        responses.campaign_id,
        responses.channel,
        responses.lead_id,
        responses.responded_at,
        windows.opportunity_created_at,
        windows.converted_lead_id,
        responses.lead_created_at,
        row_number() over (
            partition by touchpoints.opportunity_id
            order by responses.responded_at, touchpoints.member_id
        ) as touch_position,
        count(*) over (partition by touchpoints.opportunity_id) as touch_count
    from touchpoints
    inner join responses on touchpoints.member_id = responses.member_id
    inner join windows on touchpoints.opportunity_id = windows.opportunity_id
),

lead_creation_candidates as (
    select
        opportunity_id,
        touch_position,
        row_number() over (
            partition by opportunity_id order by responded_at, member_id
        ) as candidate_rank
    from ranked
    where lead_id = converted_lead_id
        and responded_at >= lead_created_at
),

final as (
    select
        ranked.opportunity_id,
        ranked.member_id,
        ranked.campaign_id,
        ranked.channel,
        ranked.lead_id,
        ranked.responded_at,
        ranked.opportunity_created_at,
        ranked.touch_position,
        ranked.touch_count,
        {{ dbt.datediff('ranked.responded_at', 'ranked.opportunity_created_at', 'second') }} / 86400.0  -- noqa: LT05
            as days_before_creation,
        lead_creation_candidates.touch_position as lead_creation_position
    from ranked
    left join lead_creation_candidates
        on ranked.opportunity_id = lead_creation_candidates.opportunity_id
        and lead_creation_candidates.candidate_rank = 1
)

select * from final
