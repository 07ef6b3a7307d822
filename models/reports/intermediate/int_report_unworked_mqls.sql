{#- One row per pack period × MQL that was unworked at the period's end: it became an
    MQL by then, had no sales touch by then, and was neither disqualified nor converted
    by then. Its age is counted to the period's end. -#}

with periods as (
    select * from {{ ref('int_report_periods') }}
),

leads as (
    select * from {{ ref('fct_leads') }}
    where mql_at is not null
),

final as (
    select
        periods.period,
        leads.lead_id,
        leads.company,
        leads.owner_id,
        coalesce(leads.owner_name, leads.owner_id, 'unassigned') as owner_name,
        coalesce(leads.owner_team, 'unassigned') as owner_team,
        leads.lead_source as channel,
        leads.segment,
        leads.region,
        leads.mql_at,
        leads.sla_deadline_at,
        {{ hours_between('leads.mql_at', 'periods.period_end_at') }} / 24 as unworked_mql_age_days
    from periods
    inner join leads
        on leads.mql_at < cast(periods.next_month as timestamp)
    where (leads.first_touch_at is null or leads.first_touch_at >= cast(periods.next_month as timestamp))
        and (leads.disqualified_at is null or leads.disqualified_at >= cast(periods.next_month as timestamp))
        and (leads.converted_at is null or leads.converted_at >= cast(periods.next_month as timestamp))
)

select * from final
