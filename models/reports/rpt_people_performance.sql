{#- People against quota (table): per period × segment × region × level (rep, team,
    manager) × member. A rep is a user who owns deals or leads; a team is users.team; a
    manager's numbers are those of the users reporting to them directly (users.manager_id).
    For the deals and leads in the filter: bookings of the fiscal quarter to date (won
    deals' close dates from the quarter's first day to the period's last day, each at its
    close month's rate), pipeline created in the quarter to date, open pipeline at the
    period's end, win rate and mean sales cycle of the deals closed in the 12 months ending
    with the period, and SLA compliance to date of the period's MQLs (every MQL, a
    return after disqualification its own). Quota: the
    won_revenue targets with owner_id (a rep's; a manager's is the sum of the direct
    reports'), or with team (a team's; without one, the sum of its members'), for the
    quarter's months to the period, and for the whole quarter; a quota applies to its
    segment ('all' when it covers every segment) and region 'all' only. -#}
-- noqa: disable=LT02

with periods as (
    select * from {{ ref('int_report_periods') }}
),

users as (
    select * from {{ ref('dim_users') }}
),

opportunities as (
    select * from {{ ref('fct_opportunities') }}
),

month_snapshots as (
    select * from {{ ref('int_opportunity_month_snapshots') }}
),

mql_events as (
    select * from {{ ref('fct_mql_events') }}
),

targets as (
    select * from {{ ref('stg_crm__targets') }}
    where metric = 'won_revenue'
        and (owner_id is not null or team is not null)
),

fx as (
    select * from {{ ref('int_reporting_fx') }}
),

-- who counts where: every user as a rep, in their team, and under their manager
memberships as (
    select user_id, 'rep' as level, user_id as member_id, full_name as member_name, team
    from users
    union all
    select user_id, 'team' as level, team as member_id, team as member_name, team
    from users
    where team is not null
    union all
    select
        reports.user_id,
        'manager' as level,
        reports.manager_id as member_id,
        coalesce(managers.full_name, reports.manager_id) as member_name,
        managers.team
    from users as reports
    left join users as managers on reports.manager_id = managers.user_id
    where reports.manager_id is not null
),

-- one row per deal or MQL a member's numbers count, each in its window: the measures
-- a source does not feed are 0
{%- set measures = ['won_deals_qtd', 'bookings_qtd', 'pipeline_created_qtd', 'open_pipeline',
                    'closed_deals_12m', 'won_deals_12m', 'won_cycle_days_12m', 'mqls', 'sla_met',
                    'sla_decided'] %}
{%- set sources = [
    ('won_qtd', 'opportunities', 'owner_id', {
        'won_deals_qtd': '1',
        'bookings_qtd': 'opportunities.closed_amount_usd / fx.reporting_usd_per_unit'},
     """inner join opportunities
        on opportunities.is_won
        and opportunities.close_date >= periods.fiscal_quarter_start
        and opportunities.close_date <= periods.period_end
    inner join fx on opportunities.close_month = fx.month"""),
    ('created_qtd', 'opportunities', 'owner_id', {
        'pipeline_created_qtd': 'opportunities.pipeline_amount_usd / fx.reporting_usd_per_unit'},
     """inner join opportunities
        on opportunities.created_month >= periods.fiscal_quarter_start
        and opportunities.created_month <= periods.period
    inner join fx on opportunities.created_month = fx.month"""),
    ('open_at_end', 'month_snapshots', 'owner_id', {
        'open_pipeline': 'month_snapshots.open_amount_usd / fx.reporting_usd_per_unit'},
     """inner join month_snapshots on periods.period = month_snapshots.month
    inner join fx on periods.period = fx.month"""),
    ('closed_12m', 'opportunities', 'owner_id', {
        'closed_deals_12m': '1',
        'won_deals_12m': 'case when opportunities.is_won then 1 else 0 end',
        'won_cycle_days_12m': 'case when opportunities.is_won then opportunities.days_to_close else 0 end'},
     """inner join opportunities
        on opportunities.is_closed
        and opportunities.close_month >= periods.trailing_start
        and opportunities.close_month <= periods.period"""),
    ('period_mqls', 'mql_events', 'owner_id', {
        'mqls': '1',
        'sla_met': "case when mql_events.sla_status = 'met' then 1 else 0 end",
        'sla_decided': "case when mql_events.sla_status in ('met', 'breached') then 1 else 0 end"},
     """inner join mql_events on periods.period = mql_events.mql_month"""),
] %}

{%- for name, source, owner, values, joins in sources %}
{{ name }} as (
    select
        periods.period,
        {{ source }}.{{ owner }} as user_id,
        {{ source }}.segment,
        {{ source }}.region,
        {%- for measure in measures %}
        cast({{ values.get(measure, '0') }} as {{ type_double() }}) as {{ measure }}{{ ',' if not loop.last }}
        {%- endfor %}
    from periods
    {{ joins }}
),

{% endfor -%}
activity as (
    {%- for name, _, _, _, _ in sources %}
    select * from {{ name }}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

member_activity as (
    select
        activity.*,
        memberships.level,
        memberships.member_id,
        memberships.member_name,
        memberships.team
    from activity
    inner join memberships on activity.user_id = memberships.user_id
),

measures as (
    {{ segment_region_cube('member_activity', ['period', 'level', 'member_id', 'member_name', 'team'], [
        ['won_deals_qtd', 'sum(won_deals_qtd)'],
        ['bookings_qtd', 'sum(bookings_qtd)'],
        ['pipeline_created_qtd', 'sum(pipeline_created_qtd)'],
        ['open_pipeline', 'sum(open_pipeline)'],
        ['closed_deals_12m', 'sum(closed_deals_12m)'],
        ['won_deals_12m', 'sum(won_deals_12m)'],
        ['won_cycle_days_12m', 'sum(won_cycle_days_12m)'],
        ['mqls', 'sum(mqls)'],
        ['sla_met', 'sum(sla_met)'],
        ['sla_decided', 'sum(sla_decided)'],
    ]) }}
),

-- quotas in the reporting currency at their month's rate, per holder
quota_months as (
    select
        targets.month,
        targets.segment,
        targets.owner_id,
        targets.team,
        targets.target_value / fx.reporting_usd_per_unit as quota
    from targets
    inner join fx on targets.month = fx.month
),

rep_quotas as (
    select month, segment, 'rep' as level, owner_id as member_id, quota
    from quota_months
    where owner_id is not null
),

manager_quotas as (
    select
        rep_quotas.month,
        rep_quotas.segment,
        'manager' as level,
        users.manager_id as member_id,
        rep_quotas.quota
    from rep_quotas
    inner join users on rep_quotas.member_id = users.user_id
    where users.manager_id is not null
),

team_set_quotas as (
    select month, segment, 'team' as level, team as member_id, quota
    from quota_months
    where team is not null
),

team_summed_quotas as (
    select
        rep_quotas.month,
        rep_quotas.segment,
        'team' as level,
        users.team as member_id,
        rep_quotas.quota
    from rep_quotas
    inner join users on rep_quotas.member_id = users.user_id
    where users.team is not null
        and not exists (
            select 1
            from team_set_quotas
            where team_set_quotas.member_id = users.team
                and team_set_quotas.month = rep_quotas.month
                and team_set_quotas.segment = rep_quotas.segment
        )
),

all_quotas as (
    select * from rep_quotas
    union all
    select * from manager_quotas
    union all
    select * from team_set_quotas
    union all
    select * from team_summed_quotas
),

period_quotas as (
    select
        periods.period,
        all_quotas.segment,
        'all' as region,
        all_quotas.level,
        all_quotas.member_id,
        sum(case when all_quotas.month <= periods.period then all_quotas.quota else 0 end) as quota_qtd,
        sum(all_quotas.quota) as quota_quarter
    from periods
    inner join all_quotas
        on all_quotas.month >= periods.fiscal_quarter_start
        and all_quotas.month <= periods.fiscal_quarter_end
    group by periods.period, all_quotas.segment, all_quotas.level, all_quotas.member_id
),

final as (
    select
        measures.period,
        measures.segment,
        measures.region,
        measures.level,
        case measures.level when 'manager' then 1 when 'team' then 2 else 3 end as level_order,
        measures.member_id,
        measures.member_name,
        measures.team,
        row_number() over (
            partition by measures.period, measures.segment, measures.region
            order by
                case measures.level when 'manager' then 1 when 'team' then 2 else 3 end asc,
                measures.bookings_qtd desc,
                measures.member_name asc,
                measures.member_id asc
        ) as sort_order,
        measures.won_deals_qtd,
        measures.bookings_qtd,
        period_quotas.quota_qtd,
        period_quotas.quota_quarter,
        case when period_quotas.quota_qtd > 0 then measures.bookings_qtd / period_quotas.quota_qtd end
            as quota_attainment_qtd,
        measures.pipeline_created_qtd,
        measures.open_pipeline,
        measures.closed_deals_12m,
        {{ safe_divide('measures.won_deals_12m', 'measures.closed_deals_12m') }} as win_rate_12m,
        {{ safe_divide('measures.won_cycle_days_12m', 'measures.won_deals_12m') }} as sales_cycle_days_12m,
        {{ is_small_sample('measures.closed_deals_12m') }} as is_small_sample,
        measures.mqls,
        measures.sla_decided,
        {{ safe_divide('measures.sla_met', 'measures.sla_decided') }} as sla_compliance,
        {{ is_small_sample('measures.sla_decided') }} as is_small_sla_sample,
        periods.fiscal_quarter_start,
        periods.fiscal_quarter_end,
        periods.trailing_start as trailing_window_start,
        periods.period_start,
        periods.period_end as window_end
    from measures
    inner join periods on measures.period = periods.period
    left join period_quotas
        on measures.period = period_quotas.period
        and measures.segment = period_quotas.segment
        and measures.region = period_quotas.region
        and measures.level = period_quotas.level
        and measures.member_id = period_quotas.member_id
)

select * from final
