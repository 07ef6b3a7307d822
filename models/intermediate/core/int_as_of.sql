{#- One row: the as_of instant, "now" for SLA and open pipeline (the metric definitions). The `as_of`
    var when set, else the latest timestamp in the data, so results never depend on the
    day the pipeline runs. -#}

with leads as (
    select * from {{ ref('stg_crm__leads') }}
),

opportunities as (
    select * from {{ ref('stg_crm__opportunities') }}
),

campaign_members as (
    select * from {{ ref('stg_crm__campaign_members') }}
),

lead_activities as (
    select * from {{ ref('stg_crm__lead_activities') }}
),

lead_feedback as (
    select * from {{ ref('stg_crm__lead_feedback') }}
),

stage_history as (
    select * from {{ ref('stg_crm__opportunity_stage_history') }}
),

timestamps as (
    select max(created_at) as latest_at from leads
    union all
    select max(updated_at) from leads
    union all
    select max(mql_at) from leads
    union all
    select max(sal_at) from leads
    union all
    select max(sql_at) from leads
    union all
    select max(disqualified_at) from leads
    union all
    select max(converted_at) from leads
    union all
    select max(created_at) from opportunities
    union all
    select max(updated_at) from opportunities
    union all
    select max(created_at) from campaign_members
    union all
    select max(responded_at) from campaign_members
    union all
    select max(occurred_at) from lead_activities
    union all
    select max(submitted_at) from lead_feedback
    union all
    select max(changed_at) from stage_history
),

final as (
    select
        coalesce({{ as_of_literal() }}, max(latest_at)) as as_of_at,
        cast(coalesce({{ as_of_literal() }}, max(latest_at)) as date) as as_of_date,
        {{ month_of('coalesce(' ~ as_of_literal() ~ ', max(latest_at))') }} as as_of_month
    from timestamps
)

select * from final
