{#- One row per opportunity × campaign response linked to it (the metric definitions): responses of leads
    of its account that existed when the opportunity was created, or of the lead converted
    into it, from var('lookback_days') before its created_at on (the window's start is
    inclusive). A response reached both ways counts once. Touchpoints (up to created_at)
    and influence (up to the close) both start here. A lead of the account created later
    is not one the deal's attribution could have known (DECISIONLOG). An incremental build
    computes only the opportunities whose inputs changed (macros/incremental.sql). -#}

{{ config(
    materialized=event_stream_materialization(),
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ stale_opportunity_rows() }}",
) }}

with opportunities as (
    select * from {{ ref('int_opportunities_converted') }}
),

inputs as (
    select * from {{ ref('int_opportunity_attribution_inputs') }}
),

responses as (
    select * from {{ ref('int_campaign_responses_joined') }}
),

converted_leads as (
    select lead_id, converted_opportunity_id
    from {{ ref('stg_crm__leads') }}
    where converted_opportunity_id is not null
),

windows as (
    select
        opportunity_id,
        account_id,
        created_at as opportunity_created_at,
        {{ dbt.dateadd('day', -(var('lookback_days') | int), 'created_at') }} as window_start_at,
        converted_lead_id,
        is_closed,
        close_date
    from opportunities
    {{ opportunities_to_compute('opportunities') }}
),

via_account as (
    select windows.opportunity_id, responses.member_id
    from windows
    inner join responses on windows.account_id = responses.account_id
    where responses.responded_at >= windows.window_start_at
        and responses.lead_created_at <= windows.opportunity_created_at
),

via_converted_lead as (
    select windows.opportunity_id, responses.member_id
    from windows
    inner join converted_leads on windows.opportunity_id = converted_leads.converted_opportunity_id
    inner join responses on converted_leads.lead_id = responses.lead_id
    where responses.responded_at >= windows.window_start_at
),

linked as (
    select opportunity_id, member_id from via_account
    union
    select opportunity_id, member_id from via_converted_lead
),

final as (
    select
        linked.opportunity_id,
        linked.member_id,
        responses.campaign_id,
        responses.channel,
        responses.lead_id,
        responses.lead_created_at,
        responses.responded_at,
        windows.opportunity_created_at,
        windows.converted_lead_id,
        windows.is_closed,
        windows.close_date,
        inputs.inputs_hash
    from linked
    inner join responses on linked.member_id = responses.member_id
    inner join windows on linked.opportunity_id = windows.opportunity_id
    left join inputs on linked.opportunity_id = inputs.opportunity_id
)

select * from final
