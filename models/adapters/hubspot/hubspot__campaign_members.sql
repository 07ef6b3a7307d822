{#- HubSpot form submissions and marketing-event registrations as the raw campaign_members
    contract (text): a submission is a response when it is made; a registration is one when
    the contact attended (properties_occurred_at). Each counts for the form's or event's
    campaign (campaign_guid) or, without one, for the form or event itself; a merged
    contact's for the contact it was merged into. -#}

with submission as (
    {{ crm_object('hubspot', 'contact_form_submission', ['conversion_id', 'form_id', 'contact_id', 'timestamp']) }}
),

form as (
    {{ crm_object('hubspot', 'form', ['guid', 'campaign_guid']) }}
),

participant as (
    {{ crm_object('hubspot', 'marketing_event_participant', [
        'id', 'marketing_event_id', 'contact_id', 'created_at', 'properties_occurred_at',
        'properties_attendance_state', '_fivetran_deleted',
    ]) }}
),

marketing_event as (
    {{ crm_object('hubspot', 'marketing_event', ['id', 'campaign_guid']) }}
),

contact_links as (
    select * from {{ ref('hubspot__contact_links') }}
),

forms as (
    select
        guid,
        max(campaign_guid) as campaign_guid
    from form
    group by guid
),

events as (
    select
        id,
        max(campaign_guid) as campaign_guid
    from marketing_event
    group by id
),

responses as (
    select
        coalesce(
            submission.conversion_id,
            submission.form_id || ':' || submission.contact_id || ':' || submission.timestamp)
            as member_id,
        coalesce(forms.campaign_guid, 'form:' || submission.form_id) as campaign_id,
        submission.contact_id,
        'responded' as member_status,
        submission.timestamp as responded_at,
        submission.timestamp as created_at,
        'contact_form_submission' as _source_object,
        cast(null as {{ dbt.type_string() }}) as _fivetran_deleted,
        submission._malformed,
        submission._source_row
    from submission
    left join forms on submission.form_id = forms.guid
    union all
    select
        participant.id as member_id,
        coalesce(events.campaign_guid, 'event:' || participant.marketing_event_id) as campaign_id,
        participant.contact_id,
        case
            when participant.properties_occurred_at is not null then 'responded'
            else lower(coalesce(participant.properties_attendance_state, 'registered'))
        end as member_status,
        participant.properties_occurred_at as responded_at,
        participant.created_at,
        'marketing_event_participant' as _source_object,
        participant._fivetran_deleted,
        participant._malformed,
        participant._source_row + (select count(*) from submission) as _source_row
    from participant
    left join events on participant.marketing_event_id = events.id
),

final as (
    select
        responses.member_id,
        responses.campaign_id,
        coalesce(contact_links.lead_id, responses.contact_id) as lead_id,
        responses.member_status,
        responses.responded_at,
        responses.created_at,
        responses._source_object,
        responses._malformed,
        responses._source_row
    from responses
    left join contact_links on responses.contact_id = contact_links.linked_id
    where coalesce({{ parse_bool('responses._fivetran_deleted') }}, false) = false
)

select * from final
