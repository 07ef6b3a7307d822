-- The hand-written baseline: every kpi_monthly value (month × segment × region × metric,
-- 'all' for totals) straight from the raw files, in one DuckDB script written from the
-- metric definitions and triage rules of the README and glossary. It shares no SQL with
-- the dbt project; bench/run.py times it and checks that the build's kpi_monthly equals
-- its result before it reports a time. Default vars only (sla_hours 24, USD reporting).
-- Expects views raw_<table> over the raw files with a file_row_number column (the row's
-- place in its file: the later of two equal rows wins a dedupe).

set TimeZone = 'UTC';

create or replace macro txt(x) as nullif(trim(x), '');
create or replace macro ts(x) as try_cast(try_cast(txt(x) as timestamptz) as timestamp);
create or replace macro num(x) as
    case when isfinite(try_cast(txt(x) as double)) then try_cast(txt(x) as double) end;
create or replace macro truthy(x) as coalesce(lower(txt(x)) in ('true', 't', '1', 'yes', 'y'), false);
create or replace macro month_of(x) as date_trunc('month', x)::date;

create or replace temp table fx as
select month_of(ts(month)) as month, upper(txt(currency_code)) as currency_code, num(usd_per_unit) as rate
from raw_fx_rates
where num(usd_per_unit) > 0 and ts(month) is not null;

create or replace temp table fx_first as
select currency_code, arg_min(rate, month) as rate from fx group by currency_code;

create or replace temp table currencies as
select distinct currency_code from fx union select 'USD';

-- leads: every usable version ranked (1 = the latest by updated_at, then the later row);
-- the leads are the latest versions, deleted ones out
create or replace temp table lead_rows as
with parsed as (
    select
        txt(lead_id) as lead_id,
        ts(created_at) as created_at,
        ts(updated_at) as updated_at,
        ts(mql_at) as mql_at,
        ts(sal_at) as sal_at,
        ts(sql_at) as sql_at,
        ts(disqualified_at) as disqualified_at,
        ts(converted_at) as converted_at,
        coalesce(upper(txt(segment)), 'unknown') as segment,
        coalesce(upper(txt(region)), 'unknown') as region,
        txt(lead_source) as lead_source,
        txt(converted_opportunity_id) as converted_opportunity_id,
        truthy(is_deleted) as is_deleted,
        file_row_number
    from raw_leads
    where txt(lead_id) is not null and ts(created_at) is not null
),

ranked as (
    select *, row_number() over (
        partition by lead_id order by updated_at desc nulls last, file_row_number desc) as version
    from parsed
)

select * exclude (file_row_number) from ranked;

create or replace temp table leads as
select * exclude (version, is_deleted) from lead_rows where version = 1 and not is_deleted;

-- every MQL: the latest, and the earlier cycles older versions show (an MQL, then a
-- disqualification before the latest MQL: the lead came back); one per cycle, its first mql_at
create or replace temp table mql_events as
with disqualifications as (
    select distinct lead_id, disqualified_at from lead_rows where disqualified_at is not null
),

earlier as (
    select distinct o.lead_id, o.mql_at
    from lead_rows o
    inner join leads l on l.lead_id = o.lead_id
    where o.version > 1 and o.mql_at < l.mql_at
        and exists (select 1 from disqualifications d where d.lead_id = o.lead_id
                    and d.disqualified_at >= o.mql_at and d.disqualified_at < l.mql_at)
),

cycles as (
    select e.lead_id, e.mql_at,
        (select count(*) from disqualifications d
         where d.lead_id = e.lead_id and d.disqualified_at < e.mql_at) as cycle
    from earlier e
)

select lead_id, min(mql_at) as mql_at, false as is_current from cycles group by lead_id, cycle
union all
select lead_id, mql_at, true from leads where mql_at is not null;

create or replace temp table accounts as
select txt(account_id) as account_id, upper(txt(segment)) as segment, upper(txt(region)) as region
from raw_accounts
qualify row_number() over (partition by txt(account_id) order by file_row_number desc) = 1;

-- opportunities: unusable rows out first, then the latest version, deleted ones out
create or replace temp table opportunities as
with parsed as (
    select
        txt(opportunity_id) as opportunity_id,
        txt(account_id) as account_id,
        ts(created_at) as created_at,
        ts(updated_at) as updated_at,
        date_trunc('day', ts(close_date)) as close_date,
        txt(amount) as amount_text,
        num(amount) as amount,
        upper(txt(currency_code)) as currency_code,
        truthy(is_won) as is_won,
        truthy(is_closed) or truthy(is_won) as is_closed,
        truthy(is_deleted) as is_deleted,
        file_row_number
    from raw_opportunities
),

usable as (
    select * from parsed
    where opportunity_id is not null
        and created_at is not null
        and not (is_closed and close_date is null)
        and not (amount_text is not null and amount is null)
        and coalesce(amount >= 0, true)
        and not (amount_text is not null
                 and coalesce(currency_code not in (select currency_code from currencies), true))
),

latest as (
    select * from usable
    qualify row_number() over (
        partition by opportunity_id order by updated_at desc nulls last, file_row_number desc) = 1
),

marketing as (
    select distinct converted_opportunity_id as opportunity_id
    from leads
    where lead_source in ('paid_search', 'paid_social', 'organic_search', 'email', 'webinar',
                          'event', 'content', 'partner')
        and converted_opportunity_id is not null
)

select
    latest.* exclude (is_deleted, file_row_number),
    coalesce(accounts.segment, 'unknown') as segment,
    coalesce(accounts.region, 'unknown') as region,
    marketing.opportunity_id is not null as is_marketing,
    month_of(latest.created_at) as created_month,
    month_of(latest.close_date) as close_month
from latest
left join accounts on latest.account_id = accounts.account_id
left join marketing on latest.opportunity_id = marketing.opportunity_id
where not latest.is_deleted;

-- money in USD: the rate of the latest fx month at or before the month (else the earliest)
create or replace temp table opportunity_usd as
with at_created as (
    select o.*, fx.rate as created_rate
    from opportunities o
    asof left join fx on coalesce(o.currency_code, 'USD') = fx.currency_code and o.created_month >= fx.month
),

at_close as (
    select o.*, fx.rate as close_rate
    from at_created o
    asof left join fx on coalesce(o.currency_code, 'USD') = fx.currency_code and o.close_month >= fx.month
)

select
    o.*,
    coalesce(o.amount, 0) * case when coalesce(o.currency_code, 'USD') = 'USD' or o.created_month is null then 1
        else coalesce(o.created_rate, f.rate) end as pipeline_usd,
    coalesce(o.amount, 0) * case when coalesce(o.currency_code, 'USD') = 'USD' or o.close_month is null then 1
        else coalesce(o.close_rate, f.rate) end as closed_usd
from at_close o
left join fx_first f on coalesce(o.currency_code, 'USD') = f.currency_code;

-- touches by sales (sdr and sales users), one row per activity id
create or replace temp table activities as
select txt(activity_id) as activity_id, txt(lead_id) as lead_id, txt(user_id) as user_id,
    ts(occurred_at) as occurred_at
from raw_lead_activities
where txt(activity_id) is not null
qualify row_number() over (partition by txt(activity_id) order by file_row_number desc) = 1;

create or replace temp table as_of as
select greatest(
    (select max(greatest(created_at, updated_at, mql_at, sal_at, sql_at, disqualified_at, converted_at)) from leads),
    (select max(greatest(created_at, updated_at)) from opportunities),
    (select max(greatest(ts(created_at), ts(responded_at))) from raw_campaign_members),
    (select max(occurred_at) from activities),
    (select max(ts(submitted_at)) from raw_lead_feedback),
    (select max(ts(changed_at)) from raw_opportunity_stage_history)
) as as_of_at;

-- the handoff SLA of every MQL: first sales touch at or after it within 24 hours
create or replace temp table sla as
with first_touch as (
    select e.lead_id, e.mql_at, min(a.occurred_at) as touched_at
    from mql_events e
    inner join activities a on a.lead_id = e.lead_id and a.occurred_at >= e.mql_at
    where a.user_id in (select txt(user_id) from raw_users where txt(department) in ('sdr', 'sales'))
    group by e.lead_id, e.mql_at
)

select
    e.lead_id,
    e.mql_at,
    e.is_current,
    case when t.touched_at <= e.mql_at + interval 24 hour then 'met'
         when t.touched_at is not null or (select as_of_at from as_of) > e.mql_at + interval 24 hour then 'breached'
         else 'pending' end as sla_status
from mql_events e
left join first_touch t on t.lead_id = e.lead_id and t.mql_at = e.mql_at;

-- marketing spend: a campaign's actual cost spread evenly over its days, in USD by month
create or replace temp table campaigns as
select
    txt(campaign_id) as campaign_id,
    num(actual_cost) as actual,
    ts(start_date) as start_at,
    ts(end_date) as end_at,
    coalesce(upper(txt(currency_code)), 'USD') as currency_code
from raw_campaigns
where (txt(actual_cost) is null or coalesce(num(actual_cost) >= 0, false))
    and (txt(budgeted_cost) is null or coalesce(num(budgeted_cost) >= 0, false))
    and coalesce(upper(txt(currency_code)), 'USD') in (select currency_code from currencies)
    and txt(campaign_id) is not null;

create or replace temp table spend as
with days as (
    select
        campaign_id, currency_code, actual,
        unnest(generate_series(start_at, end_at, interval 1 day)) as day,
        len(generate_series(start_at, end_at, interval 1 day)) as n_days
    from campaigns
    where actual is not null and start_at is not null and end_at is not null and end_at >= start_at
),

by_month as (
    select month_of(day) as month, currency_code, sum(actual / n_days) as amount
    from days
    group by all
),

in_usd as (
    select b.month, b.amount * case when b.currency_code = 'USD' then 1 else coalesce(fx.rate, f.rate) end as usd
    from by_month b
    asof left join fx on b.currency_code = fx.currency_code and b.month >= fx.month
    left join fx_first f on b.currency_code = f.currency_code
)

select month, sum(usd) as marketing_spend from in_usd group by month;

create or replace temp table months as
with bounds as (
    select
        least(
            (select min(month_of(created_at)) from leads),
            (select min(created_month) from opportunities),
            (select min(close_month) from opportunities where is_closed),
            (select min(month_of(start_at)) from campaigns)) as first_month,
        month_of((select as_of_at from as_of)) as last_month
)

select unnest(generate_series(first_month, last_month, interval 1 month))::date as month from bounds;

-- one row per counted event, then the segment × region cube ('all' for totals)
create or replace temp table cube as
with lead_events as (
    select
        l.segment, l.region,
        month_of(l.created_at) as created_month,
        month_of(l.mql_at) as mql_month,
        month_of(l.sal_at) as sal_month,
        month_of(l.sql_at) as sql_month,
        l.sql_at is not null as has_sql
    from leads l
),

mql_rows as (
    select l.segment, l.region, month_of(s.mql_at) as mql_month, s.sla_status
    from sla s
    inner join leads l on l.lead_id = s.lead_id
),

events as (
    select segment, region, created_month as month, 'leads_created' as measure, 1.0 as amount from lead_events
    union all
    select segment, region, mql_month, 'mqls', 1.0 from mql_rows
    union all
    select segment, region, sal_month, 'sals', 1.0 from lead_events where sal_month is not null
    union all
    select segment, region, sql_month, 'sqls', 1.0 from lead_events where sql_month is not null
    union all
    select segment, region, mql_month, 'mqls_with_sql', 1.0 from lead_events where mql_month is not null and has_sql
    union all
    select segment, region, mql_month, 'sla_met', 1.0 from mql_rows where sla_status = 'met'
    union all
    select segment, region, mql_month, 'sla_decided', 1.0 from mql_rows where sla_status in ('met', 'breached')
    union all
    select segment, region, created_month, 'opportunities_created', 1.0 from opportunity_usd
    union all
    select segment, region, created_month, 'pipeline_created', pipeline_usd from opportunity_usd
    union all
    select segment, region, created_month, 'marketing_sourced_pipeline', pipeline_usd from opportunity_usd where is_marketing
    union all
    select segment, region, close_month, 'won_deals', 1.0 from opportunity_usd where is_closed and is_won
    union all
    select segment, region, close_month, 'won_revenue', closed_usd from opportunity_usd where is_closed and is_won
    union all
    select segment, region, close_month, 'won_cycle_days', datediff('day', date_trunc('day', created_at), close_date)
    from opportunity_usd where is_closed and is_won
    union all
    select segment, region, close_month, 'lost_deals', 1.0 from opportunity_usd where is_closed and not is_won
)

select
    month,
    coalesce(segment, 'all') as segment,
    coalesce(region, 'all') as region,
    measure,
    sum(amount) as amount
from events
group by grouping sets ((month, measure, segment, region), (month, measure, segment), (month, measure, region), (month, measure));

create or replace temp table kpi_wide as
with segments as (
    select distinct segment from leads union select distinct segment from opportunities union select 'all'
),

regions as (
    select distinct region from leads union select distinct region from opportunities union select 'all'
),

measures as (
    pivot (select month, segment, region, measure, amount from cube)
    on measure in ('leads_created', 'mqls', 'sals', 'sqls', 'mqls_with_sql', 'sla_met', 'sla_decided',
                   'opportunities_created', 'pipeline_created', 'marketing_sourced_pipeline', 'won_deals',
                   'won_revenue', 'won_cycle_days', 'lost_deals')
    using sum(amount)
),

grid as (
    select m.month, s.segment, r.region from months m, segments s, regions r
),

targets as (
    select month_of(ts(month)) as month, txt(segment) as segment, txt(metric) as metric, num(target_value) as value
    from raw_targets
    -- segment targets; rows naming an owner_id or a team are quotas
    where num(target_value) >= 0 and txt(owner_id) is null and txt(team) is null
),

target_levels as (
    select month, segment, metric, sum(value) as value, count(*) as n from targets group by all
    union all
    select month, 'all', metric, sum(value), count(*) from targets group by all
)

select
    g.month, g.segment, g.region,
    coalesce(columns(x.* exclude (month, segment, region)), 0),
    case when g.region = 'all' then rt.value end as revenue_target,
    case when g.region = 'all' then pt.value end as pipeline_target,
    case when g.region = 'all' then mt.value end as mql_target,
    case when g.segment = 'all' and g.region = 'all' then coalesce(sp.marketing_spend, 0) end as marketing_spend
from grid g
left join measures x on x.month = g.month and x.segment = g.segment and x.region = g.region
left join target_levels rt on rt.month = g.month and rt.segment = g.segment and rt.metric = 'won_revenue'
left join target_levels pt on pt.month = g.month and pt.segment = g.segment and pt.metric = 'pipeline_created'
left join target_levels mt on mt.month = g.month and mt.segment = g.segment and mt.metric = 'mqls'
left join spend sp on sp.month = g.month;

create or replace temp table baseline_kpi_monthly as
with metrics as (
    select
        month, segment, region,
        leads_created, mqls, sals, sqls, mqls_with_sql,
        mqls_with_sql / nullif(mqls, 0) as mql_to_sql_rate,
        sla_met, sla_decided,
        sla_met / nullif(sla_decided, 0) as sla_compliance,
        opportunities_created, pipeline_created, marketing_sourced_pipeline,
        won_deals, won_revenue, lost_deals,
        won_deals + lost_deals as closed_deals,
        won_deals / nullif(won_deals + lost_deals, 0) as win_rate,
        won_revenue / nullif(won_deals, 0) as avg_deal_size,
        won_cycle_days / nullif(won_deals, 0) as sales_cycle_days,
        revenue_target,
        won_revenue / nullif(revenue_target, 0) as revenue_attainment,
        pipeline_target,
        pipeline_created / nullif(pipeline_target, 0) as pipeline_attainment,
        mql_target,
        mqls / nullif(mql_target, 0) as mql_attainment,
        marketing_spend,
        marketing_spend / nullif(mqls, 0) as cost_per_mql
    from kpi_wide
),

long as (
    select month, segment, region, metric, value::double as value
    from metrics unpivot include nulls (value for metric in (
        leads_created, mqls, sals, sqls, mqls_with_sql, mql_to_sql_rate, sla_met, sla_decided,
        sla_compliance, opportunities_created, pipeline_created, marketing_sourced_pipeline,
        won_deals, won_revenue, lost_deals, closed_deals, win_rate, avg_deal_size,
        sales_cycle_days, revenue_target, revenue_attainment, pipeline_target, pipeline_attainment,
        mql_target, mql_attainment, marketing_spend, cost_per_mql
    ))
)

select month, segment, region, metric, value::double as value
from long
where (metric not in ('revenue_target', 'revenue_attainment', 'pipeline_target', 'pipeline_attainment',
                      'mql_target', 'mql_attainment') or region = 'all')
    and (metric not in ('marketing_spend', 'cost_per_mql') or (segment = 'all' and region = 'all'));
