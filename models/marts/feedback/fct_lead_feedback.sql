{#- One row per sales verdict on a lead, with the lead's channel, source campaign, segment
    and region: the feedback loop from sales to marketing. -#}

with feedback as (
    select * from {{ ref('stg_crm__lead_feedback') }}
),

leads as (
    select * from {{ ref('fct_leads') }}
),

users as (
    select * from {{ ref('stg_crm__users') }}
),

final as (
    select
        feedback.feedback_id,
        feedback.lead_id,
        feedback.submitted_by,
        users.full_name as submitted_by_name,
        users.team as submitted_by_team,
        feedback.submitted_at,
        {{ month_of('feedback.submitted_at') }} as submitted_month,
        feedback.verdict,
        feedback.verdict = 'accept' as is_accepted,
        feedback.verdict = 'reject' as is_rejected,
        feedback.rating,
        feedback.reason,
        feedback.comment,
        coalesce(leads.lead_source, 'unknown') as lead_source,
        leads.source_campaign_id,
        coalesce(leads.segment, 'unknown') as segment,
        coalesce(leads.region, 'unknown') as region
    from feedback
    left join leads on feedback.lead_id = leads.lead_id
    left join users on feedback.submitted_by = users.user_id
)

select * from final
