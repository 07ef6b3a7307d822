{#- Each MQL's handoff SLA deadline (every MQL of int_lead_mql_events, a return after
    disqualification its own): var sla_hours after mql_at on the SLA clock.

    Default (var sla_calendar null): calendar hours, every hour of every day counts.
    With var sla_calendar = {working_days: [1, 2, 3, 4, 5] (ISO weekday, 1 = Monday),
    working_hours: [9, 17] (start and end hour, UTC), holidays: ['2025-12-25', ...]} only
    working time counts: an MQL that arrives at night or on a weekend starts its clock at
    the next opening, and the deadline is the moment sla_hours of working time have
    passed (an SLA that ends exactly at closing time ends then, not the next morning). -#}

{{ config(materialized="view") }}

{%- set calendar = var("sla_calendar", none) %}
{%- set sla_seconds = (var('sla_hours') * 3600) | int %}

with leads as (
    select * from {{ ref('int_lead_mql_events') }}
),

{%- if calendar is none %}

final as (
    select
        lead_id,
        mql_number,
        is_current,
        mql_at,
        {{ dbt.dateadd('second', sla_seconds, 'mql_at') }} as sla_deadline_at
    from leads
)

{%- else %}
{%- set days = calendar.get('working_days', [1, 2, 3, 4, 5]) %}
{%- set hours = calendar.get('working_hours', [9, 17]) %}
{%- set holidays = calendar.get('holidays', []) or [] %}
{%- if not days or days | reject('in', [1, 2, 3, 4, 5, 6, 7]) | list %}
    {{ exceptions.raise_compiler_error("var sla_calendar.working_days: " ~ days ~ " must list ISO weekdays 1 (Monday) to 7 (Sunday), e.g. [1, 2, 3, 4, 5]") }}
{%- endif %}
{%- if hours | length != 2 or hours[0] is not number or hours[1] is not number or hours[0] < 0 or hours[1] > 24 or hours[0] >= hours[1] %}
    {{ exceptions.raise_compiler_error("var sla_calendar.working_hours: " ~ hours ~ " must be [start, end] hours with 0 <= start < end <= 24, e.g. [9, 17]") }}
{%- endif %}
{%- for day in holidays %}
    {%- if (day | string) | length != 10 %}
        {{ exceptions.raise_compiler_error("var sla_calendar.holidays: '" ~ day ~ "' is not a date YYYY-MM-DD") }}
    {%- endif %}
{%- endfor %}
{%- set open_seconds = (hours[0] * 3600) | int %}
{%- set close_seconds = (hours[1] * 3600) | int %}
{#- the longest calendar span sla_hours of working time can take, plus the holidays -#}
{%- set working_day_seconds = close_seconds - open_seconds %}
{%- set span_days = ((sla_seconds / working_day_seconds) | round(0, 'ceil') | int + 1) * 7 + holidays | length + 7 %}

bounds as (
    select
        cast(min(mql_at) as date) as first_day,
        cast({{ dbt.dateadd('day', span_days, 'max(mql_at)') }} as date) as last_day
    from leads
),

days as (
    select
        cast({{ dbt.dateadd('day', 'series.generated_number - 1', 'bounds.first_day') }} as date) as calendar_day
    from ({{ dbt.generate_series(40000) }}) as series
    cross join bounds
    where {{ dbt.dateadd('day', 'series.generated_number - 1', 'bounds.first_day') }} <= bounds.last_day
),

working_days as (
    select
        calendar_day,
        {{ dbt.dateadd('second', open_seconds, 'cast(calendar_day as timestamp)') }} as opens_at,
        {{ dbt.dateadd('second', close_seconds, 'cast(calendar_day as timestamp)') }} as closes_at
    from days
    -- ISO weekday from a known Monday (1970-01-05)
    where ({{ dbt.datediff("cast('1970-01-05' as date)", 'calendar_day', 'day') }} % 7) + 1
        in ({{ days | join(', ') }})
    {%- if holidays %}
        and calendar_day not in (
            {%- for day in holidays %}cast('{{ day }}' as date){{ ', ' if not loop.last }}{% endfor -%}
        )
    {%- endif %}
),

-- the working time left on each working day from the MQL on, and its running total
available as (
    select
        leads.lead_id,
        leads.mql_number,
        leads.mql_at,
        case when working_days.opens_at > leads.mql_at then working_days.opens_at else leads.mql_at end
            as clock_from,
        working_days.closes_at,
        working_days.calendar_day
    from leads
    inner join working_days
        on working_days.closes_at > leads.mql_at
        and working_days.calendar_day <= cast({{ dbt.dateadd('day', span_days, 'leads.mql_at') }} as date)
),

running as (
    select
        lead_id,
        mql_number,
        mql_at,
        clock_from,
        {{ dbt.datediff('clock_from', 'closes_at', 'second') }} as seconds_available,
        sum({{ dbt.datediff('clock_from', 'closes_at', 'second') }}) over (
            partition by lead_id, mql_number order by calendar_day
            rows between unbounded preceding and current row
        ) as seconds_through_day
    from available
),

deadline_day as (
    select
        lead_id,
        mql_number,
        clock_from,
        seconds_available,
        seconds_through_day,
        row_number() over (partition by lead_id, mql_number order by seconds_through_day) as rn
    from running
    where seconds_through_day >= {{ sla_seconds }}
),

final as (
    select
        leads.lead_id,
        leads.mql_number,
        leads.is_current,
        leads.mql_at,
        {{ dbt.dateadd(
            'second',
            sla_seconds ~ ' - (deadline_day.seconds_through_day - deadline_day.seconds_available)',
            'deadline_day.clock_from') }} as sla_deadline_at
    from leads
    left join deadline_day
        on leads.lead_id = deadline_day.lead_id
        and leads.mql_number = deadline_day.mql_number
        and deadline_day.rn = 1
)

{%- endif %}

select * from final
