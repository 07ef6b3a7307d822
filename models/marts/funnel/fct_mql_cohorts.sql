{#- MQL cohort curves: per month of MQL × segment × region × days (var cohort_days), of
    the cohort's MQLs the number that had become an SQL, converted into an opportunity and
    been won (the opportunity's close date) within that many days of their mql_at, to
    date. A cohort is immature at d days while its last day + d days is after as_of: some
    of its MQLs have not had d days yet, so its shares can still rise. -#}

{%- set days = var('cohort_days') or [] %}
{%- for d in days if d is not number or d < 1 %}
    {{ exceptions.raise_compiler_error("var cohort_days: " ~ d ~ " is not a number of days (1 or more), e.g. [30, 60, 90, 180]") }}
{%- endfor %}
{%- if not days %}
    {{ exceptions.raise_compiler_error("var cohort_days is empty: give the days after MQL the cohort curves read, e.g. [30, 60, 90, 180]") }}
{%- endif %}

with leads as (
    select * from {{ ref('fct_leads') }}
    where mql_at is not null
),

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

months as (
    select * from {{ ref('dim_months') }}
),

as_of as (
    select * from {{ ref('int_as_of') }}
),

cohort_days as (
    {%- for d in days | unique %}
    select {{ d }} as days_after_mql
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

milestones as (
    select
        leads.lead_id,
        leads.mql_month,
        leads.segment,
        leads.region,
        leads.mql_at,
        leads.sql_at,
        case when leads.has_opportunity then leads.converted_at end as opportunity_at,
        case when opportunities.is_won then cast(opportunities.close_date as timestamp) end as won_at
    from leads
    left join opportunities on leads.converted_opportunity_id = opportunities.opportunity_id
),

windows as (
    select
        milestones.*,
        cohort_days.days_after_mql,
        {{ dbt.dateadd('second', 'cohort_days.days_after_mql * 86400', 'milestones.mql_at') }} as window_end_at
    from milestones
    cross join cohort_days
),

reached as (
    select
        mql_month,
        segment,
        region,
        days_after_mql,
        case when sql_at <= window_end_at then 1 else 0 end as is_sql,
        case when opportunity_at <= window_end_at then 1 else 0 end as is_opportunity,
        case when won_at <= window_end_at then 1 else 0 end as is_won
    from windows
),

final as (
    select
        reached.mql_month,
        reached.segment,
        reached.region,
        reached.days_after_mql,
        count(*) as mqls,
        sum(reached.is_sql) as reached_sql,
        sum(reached.is_opportunity) as reached_opportunity,
        sum(reached.is_won) as reached_won,
        max(
            case
                when cast({{ dbt.dateadd('day', 'reached.days_after_mql + 1', 'months.month_end') }} as timestamp)
                    <= as_of.as_of_at then 1
                else 0
            end
        ) = 1 as is_mature
    from reached
    inner join months on reached.mql_month = months.month
    cross join as_of
    group by reached.mql_month, reached.segment, reached.region, reached.days_after_mql
)

select * from final
