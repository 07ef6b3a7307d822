{#- One row per MQL (a lead's every MQL, int_lead_mql_events; is_current marks the
    latest): its first sales touch and handoff SLA status (the metric definitions).

    First sales touch: the earliest lead_activities row by a user of a department in
    var('sales_departments') at or after mql_at. Met when it comes by the deadline,
    var('sla_hours') after mql_at on the SLA clock (int_sla_deadlines: calendar hours, or
    working hours with var sla_calendar; deadline inclusive); breached when it comes later, or when there is none and
    as_of is past the deadline; pending otherwise. -#}

with lead_activities as (
    select * from {{ ref('stg_crm__lead_activities') }}
),

users as (
    select * from {{ ref('stg_crm__users') }}
),

as_of as (
    select * from {{ ref('int_as_of') }}
),

mqls as (
    select * from {{ ref('int_sla_deadlines') }}
),

sales_touches as (
    select
        lead_activities.lead_id,
        lead_activities.user_id,
        lead_activities.occurred_at
    from lead_activities
    inner join users on lead_activities.user_id = users.user_id
    where users.department in {{ sql_list(var('sales_departments')) }}
        and lead_activities.occurred_at is not null
),

touches_after_mql as (
    select
        mqls.lead_id,
        sales_touches.user_id,
        sales_touches.occurred_at,
        mqls.mql_number,
        row_number() over (
            partition by mqls.lead_id, mqls.mql_number
            order by sales_touches.occurred_at, sales_touches.user_id
        ) as touch_number
    from mqls
    inner join sales_touches
        on mqls.lead_id = sales_touches.lead_id
        and sales_touches.occurred_at >= mqls.mql_at
),

first_touches as (
    select
        lead_id,
        mql_number,
        user_id as first_touch_user_id,
        occurred_at as first_touch_at
    from touches_after_mql
    where touch_number = 1
),

final as (
    select
        mqls.lead_id,
        mqls.mql_number,
        mqls.is_current,
        mqls.mql_at,
        mqls.sla_deadline_at,
        first_touches.first_touch_at,
        first_touches.first_touch_user_id,
        {{ hours_between('mqls.mql_at', 'first_touches.first_touch_at') }} as hours_to_first_touch,
        case
            when first_touches.first_touch_at <= mqls.sla_deadline_at then 'met'
            when first_touches.first_touch_at > mqls.sla_deadline_at then 'breached'
            when as_of.as_of_at > mqls.sla_deadline_at then 'breached'
            else 'pending'
        end as sla_status
    from mqls
    cross join as_of
    left join first_touches
        on mqls.lead_id = first_touches.lead_id
        and mqls.mql_number = first_touches.mql_number
)

select * from final
