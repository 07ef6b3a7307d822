{#- Lead handoff per MQL month × team × rep (the lead's owner), with team totals
    (rep = 'all') and overall totals (team = rep = 'all'): SLA outcomes, compliance and
    the median hours to first touch of the MQLs that were touched. -#}
-- noqa: disable=LT02

with leads as (
    -- every MQL, a return after disqualification its own, with its own SLA verdict
    select * from {{ ref('fct_mql_events') }}
),

mqls as (
    select
        mql_month as month,
        coalesce(owner_team, 'unassigned') as team,
        coalesce(owner_name, owner_id, 'unassigned') as rep,
        sla_status,
        hours_to_first_touch
    from leads
),

grouped as (
    {%- for team, rep in [('team', 'rep'), ('team', "'all'"), ("'all'", "'all'")] %}
    select
        month,
        {{ team }} as team,
        {{ rep }} as rep,
        count(*) as mqls,
        sum(case when sla_status = 'met' then 1 else 0 end) as sla_met,
        sum(case when sla_status = 'breached' then 1 else 0 end) as sla_breached,
        sum(case when sla_status = 'pending' then 1 else 0 end) as sla_pending,
        sum(case when hours_to_first_touch is null then 0 else 1 end) as touched_mqls,
        {{ median('hours_to_first_touch') }} as median_hours_to_first_touch
    from mqls
    group by month{{ ', team' if team == 'team' }}{{ ', rep' if rep == 'rep' }}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

final as (
    select
        month,
        team,
        rep,
        mqls,
        sla_met,
        sla_breached,
        sla_pending,
        touched_mqls,
        {{ safe_divide('sla_met', 'sla_met + sla_breached') }} as sla_compliance,
        median_hours_to_first_touch
    from grouped
)

select * from final
