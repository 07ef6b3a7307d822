{#- Salesforce tasks and events as the raw lead_activities contract (text): the sales
    touches of a lead or of the contact converted from it.

    activity_type  a task's subtype or type (call, email, ...); an event is a meeting
    occurred_at    a task's completed_date_time, else created_date; an event's start
    user_id        the owner (who did it) -#}

with task as (
    {{ crm_object('salesforce', 'task', [
        'id', 'who_id', 'owner_id', 'task_subtype', 'type', 'completed_date_time',
        'created_date', 'is_deleted', '_fivetran_deleted',
    ]) }}
),

event as (
    {{ crm_object('salesforce', 'event', [
        'id', 'who_id', 'owner_id', 'event_subtype', 'type', 'start_date_time',
        'activity_date_time', 'created_date', 'is_deleted', '_fivetran_deleted',
    ]) }}
),

lead_links as (
    select * from {{ ref('salesforce__lead_links') }}
),

activities as (
    select
        id,
        who_id,
        owner_id,
        coalesce(
            case when {{ normalised_value('task_subtype') }} <> 'task' then task_subtype end,
            type, task_subtype
        ) as activity_type,
        coalesce(completed_date_time, created_date) as occurred_at,
        is_deleted,
        _fivetran_deleted,
        'task' as _source_object,
        _malformed,
        _source_row
    from task
    union all
    select
        id,
        who_id,
        owner_id,
        'meeting' as activity_type,
        coalesce(start_date_time, activity_date_time, created_date) as occurred_at,
        is_deleted,
        _fivetran_deleted,
        'event' as _source_object,
        _malformed,
        -- after the tasks: one numbering for both objects
        _source_row + (select count(*) from task) as _source_row
    from event
),

final as (
    select
        activities.id as activity_id,
        -- a lead (key prefix 00Q) the export lacks stays named, flagged as a missing reference
        coalesce(lead_links.lead_id,
                 case when activities.who_id like '00Q%' then activities.who_id end) as lead_id,
        activities.owner_id as user_id,
        {{ normalised_value('activities.activity_type') }} as activity_type,
        activities.occurred_at,
        activities._source_object,
        activities._malformed,
        activities._source_row
    from activities
    left join lead_links on lead_links.linked_id = activities.who_id
    where not {{ crm_deleted('activities') }}
)

select * from final
