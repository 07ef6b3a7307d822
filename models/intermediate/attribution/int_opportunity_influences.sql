{#- One row per opportunity × influencing response (SPEC §4 influenced): responses of
    leads of its account, or of the lead converted into it, from lookback_days before its
    created_at up to the end of its close_date day (closed), or up to as_of (open). -#}

with opportunities as (
    select * from {{ ref('int_opportunities_converted') }}
),

responses as (
    select * from {{ ref('int_campaign_responses_joined') }}
),

converted_leads as (
    select lead_id, converted_opportunity_id
    from {{ ref('stg_crm__leads') }}
    where converted_opportunity_id is not null
),

as_of as (
    select * from {{ ref('int_as_of') }}
),

windows as (
    select
        opportunities.opportunity_id,
        opportunities.account_id,
        {{ dbt.dateadd('day', -(var('lookback_days') | int), 'opportunities.created_at') }}
            as window_start_at,
        -- inclusive end: the end of the close_date day for closed deals, as_of for open ones
        case
            when opportunities.is_closed
                then {{ dbt.dateadd('day', 1, 'cast(opportunities.close_date as timestamp)') }}
        end as closed_window_end_before,
        as_of.as_of_at
    from opportunities
    cross join as_of
),

via_account as (
    select windows.opportunity_id, responses.member_id
    from windows
    inner join responses on windows.account_id = responses.account_id
    where responses.responded_at >= windows.window_start_at
        and (
            responses.responded_at < windows.closed_window_end_before
            or (windows.closed_window_end_before is null and responses.responded_at <= windows.as_of_at)
        )
),

via_converted_lead as (
    select windows.opportunity_id, responses.member_id
    from windows
    inner join converted_leads on windows.opportunity_id = converted_leads.converted_opportunity_id
    inner join responses on converted_leads.lead_id = responses.lead_id
    where responses.responded_at >= windows.window_start_at
        and (
            responses.responded_at < windows.closed_window_end_before
            or (windows.closed_window_end_before is null and responses.responded_at <= windows.as_of_at)
        )
),

influences as (
    select opportunity_id, member_id from via_account
    union
    select opportunity_id, member_id from via_converted_lead
),

final as (
    select
        influences.opportunity_id,
        influences.member_id,
        responses.campaign_id,
        responses.channel,
        responses.responded_at
    from influences
    inner join responses on influences.member_id = responses.member_id
)

select * from final
