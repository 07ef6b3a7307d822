-- The benchmark's raw data: the twelve contract tables at any scale, as Parquet files of
-- text columns (as a CRM export is). Set before running (bench/generate.py does):
--   set variable leads = 1000000;     -- the leads of the base history
--   set variable extra = 0.0;         -- then this share more, created after the base history
--   set variable seed = 1;
--   set variable seeds_dir = 'seeds'; -- users, campaigns, fx_rates and market_size come from here
--   set variable out_dir = '/tmp/raw';
-- Every value is a hash of the row number, the column and the seed, so a row is the same
-- at every scale and whatever `extra` is: the extra rows are an append, not a new history.
-- Per lead: ~5 campaign responses, ~3 activities; one opportunity per ~5 leads.

create or replace macro u(i, salt) as
    (hash(i, salt, getvariable('seed')) % 1000000)::double / 1000000;
create or replace macro pick(options, i, salt) as
    options[1 + floor(u(i, salt) * len(options))::int];
create or replace macro iso(ts) as strftime(ts, '%Y-%m-%dT%H:%M:%SZ');
create or replace macro seconds(x) as to_seconds(cast(x as bigint));

create or replace temp table params as
select
    getvariable('leads')::bigint as base_leads,
    (getvariable('leads') * (1 + getvariable('extra')))::bigint as all_leads,
    greatest(getvariable('leads') // 4, 1)::bigint as accounts,
    timestamp '2024-11-01' as history_start,
    timestamp '2026-11-15 18:00:00' as history_end;

create or replace temp table users as
select * from read_csv(getvariable('seeds_dir') || '/users.csv', all_varchar = true);
create or replace temp table campaigns as
select * from read_csv(getvariable('seeds_dir') || '/campaigns.csv', all_varchar = true);

create or replace temp table sdrs as
select list(user_id order by user_id) as ids from users where role = 'sdr';
create or replace temp table aes as
select list(user_id order by user_id) as ids from users where role = 'account_executive';
create or replace temp table campaign_ids as
select channel, list(campaign_id order by campaign_id) as ids
from campaigns where channel in (select unnest(['paid_search', 'paid_social', 'organic_search',
    'email', 'webinar', 'event', 'content', 'partner', 'referral', 'outbound']))
group by channel;
create or replace temp table all_campaign_ids as
select list(campaign_id order by campaign_id) as ids from campaigns where parent_campaign_id is not null;

create or replace temp table account_rows as
select
    a as account_no,
    'A' || lpad(a::varchar, 9, '0') as account_id,
    pick(['SMB', 'SMB', 'SMB', 'MM', 'MM', 'ENT'], a, 'seg') as segment,
    pick(['NA', 'NA', 'NA', 'NA', 'EMEA', 'EMEA', 'EMEA', 'APAC', 'APAC', 'LATAM'], a, 'reg') as region
from range(1, (select accounts from params) + 1) t(a);

-- leads: created across the two-year history (the extra ones in the week after it), a
-- funnel of MQL → SAL → SQL with a share disqualified on the way
create or replace temp table lead_rows as
with base as (
    select
        i,
        case when i <= p.base_leads
            then p.history_start + seconds(u(i, 'created') * 744 * 86400)
            else p.history_end + seconds(u(i, 'created') * 7 * 86400)
        end as created_at,
        1 + floor(u(i, 'account') * p.accounts)::bigint as account_no,
        u(i, 'no_account') < 0.1 as no_account,
        pick(['paid_search', 'paid_social', 'organic_search', 'email', 'webinar', 'event',
              'content', 'partner', 'referral', 'outbound'], i, 'source') as lead_source,
        u(i, 'mql') < 0.5 as is_mql,
        u(i, 'sal') < 0.65 as is_sal,
        u(i, 'sql') < 0.5 as is_sql,
        u(i, 'dq') < 0.6 as is_disqualified,
        pick((select ids from sdrs), i, 'owner') as owner_id,
        -- nothing happens after the end of the history a lead belongs to
        case when i <= p.base_leads then p.history_end - interval 1 day
            else p.history_end + interval 6 day end as cutoff
    from range(1, (select all_leads from params) + 1) t(i), params p
),

staged as (
    select
        *,
        case when is_mql and created_at + seconds(u(i, 'mql_at') * 5 * 86400) < cutoff
            then created_at + seconds(u(i, 'mql_at') * 5 * 86400) end as mql_at
    from base
),

sal as (
    select *, case when is_sal and mql_at + seconds(u(i, 'sal_at') * 48 * 3600) < cutoff
        then mql_at + seconds(u(i, 'sal_at') * 48 * 3600) end as sal_at
    from staged
),

sqls as (
    select *, case when is_sql and sal_at + seconds(u(i, 'sql_at') * 5 * 86400) < cutoff
        then sal_at + seconds(u(i, 'sql_at') * 5 * 86400) end as sql_at
    from sal
)

select
    s.*,
    a.account_id,
    a.segment,
    a.region,
    case when mql_at is not null and sal_at is null and is_disqualified
        then least(mql_at + seconds(u(i, 'dq_at') * 10 * 86400), cutoff) end as disqualified_at,
    case when sql_at is not null then 'O' || lpad(i::varchar, 10, '0') end as converted_opportunity_id,
    u(i, 'deleted') < 0.003 as is_deleted
from sqls s
left join account_rows a on a.account_no = s.account_no;

copy (
    with rows as (
        select
            'L' || lpad(i::varchar, 10, '0') as lead_id,
            iso(created_at) as created_at,
            iso(greatest(created_at, mql_at, sal_at, sql_at, disqualified_at) + interval 1 hour) as updated_at,
            'contact' || i || '@company' || account_no || '.example' as email,
            'Company ' || account_no as company,
            case when not no_account then account_id end as account_id,
            segment,
            region,
            case region when 'NA' then 'US' when 'EMEA' then 'DE' when 'APAC' then 'AU' else 'BR' end as country,
            lead_source,
            case when converted_opportunity_id is not null then 'converted'
                 when disqualified_at is not null then 'disqualified'
                 when sal_at is not null then 'working'
                 when mql_at is not null then 'mql' else 'new' end as status,
            (10 + floor(u(i, 'score') * 90))::int::varchar as score,
            owner_id,
            iso(mql_at) as mql_at,
            iso(sal_at) as sal_at,
            iso(sql_at) as sql_at,
            iso(disqualified_at) as disqualified_at,
            case when disqualified_at is not null
                then pick(['no_budget', 'not_icp', 'bad_contact_data', 'no_response'], i, 'reason') end
                as disqualification_reason,
            iso(case when converted_opportunity_id is not null then sql_at + interval 2 hour end) as converted_at,
            converted_opportunity_id,
            case when is_deleted then 'true' else 'false' end as is_deleted,
            i
        from lead_rows
    )
    select * exclude (i) from rows
    -- a stale earlier copy of one lead in 500: the dedupe keeps the latest update
    union all
    select * exclude (i) replace (
        'new' as status,
        null as mql_at, null as sal_at, null as sql_at, null as disqualified_at,
        null as disqualification_reason, null as converted_at, null as converted_opportunity_id,
        created_at as updated_at)
    from rows
    where u(i, 'duplicate') < 0.002 and updated_at > created_at
) to (getvariable('out_dir') || '/leads.parquet') (format parquet);

copy (
    select
        account_id,
        'Company ' || account_no as account_name,
        pick(['software', 'manufacturing', 'retail', 'healthcare'], account_no, 'industry') as industry,
        segment,
        region,
        case region when 'NA' then 'US' when 'EMEA' then 'DE' when 'APAC' then 'AU' else 'BR' end as country,
        (case segment when 'SMB' then 50 when 'MM' then 500 else 5000 end
            * (1 + u(account_no, 'employees') * 3))::int::varchar as employee_count,
        pick((select ids from aes), account_no, 'owner') as owner_id,
        iso(timestamp '2022-01-01' + seconds(u(account_no, 'created') * 1000 * 86400)) as created_at
    from account_rows
) to (getvariable('out_dir') || '/accounts.parquet') (format parquet);

-- campaign responses: about five per lead, the first around the lead's creation
copy (
    with members as (
        select
            l.i,
            k,
            l.created_at - seconds(u(l.i * 16 + k, 'm_before') * 120 * 86400 * (k - 1)) as added_at,
            l.cutoff,
            coalesce(
                pick(c.ids, l.i * 16 + k, 'm_campaign'),
                pick((select ids from all_campaign_ids), l.i * 16 + k, 'm_any')) as campaign_id,
            u(l.i * 16 + k, 'm_responded') < 0.7 or k = 1 as responded
        from lead_rows l
        cross join lateral (select unnest(range(1, 1 + floor(u(l.i, 'n_members') * 9)::int + 1)) as k)
        left join campaign_ids c on c.channel = case when k = 1 then l.lead_source end
    )
    select
        'M' || lpad(i::varchar, 10, '0') || '-' || k as member_id,
        campaign_id,
        'L' || lpad(i::varchar, 10, '0') as lead_id,
        case when responded then 'responded' else 'sent' end as member_status,
        iso(case when responded then least(added_at + seconds(u(i * 16 + k, 'm_resp_at') * 2 * 86400), cutoff)
            end) as responded_at,
        iso(added_at) as created_at
    from members
    order by i, k  -- the extra leads' rows come last: a 1% append is an append
) to (getvariable('out_dir') || '/campaign_members.parquet') (format parquet);

-- activities: about three per lead by its SDR, most after the MQL, some within the SLA
copy (
    select
        'T' || lpad(l.i::varchar, 10, '0') || '-' || k as activity_id,
        'L' || lpad(l.i::varchar, 10, '0') as lead_id,
        case when u(l.i * 16 + k, 't_other') < 0.05 then 'U0002' else l.owner_id end as user_id,
        pick(['call', 'email', 'meeting'], l.i * 16 + k, 't_type') as activity_type,
        iso(least(coalesce(l.mql_at, l.created_at)
            + seconds(pow(u(l.i * 16 + k, 't_at'), 2) * 120 * 3600)
            - interval 2 hour, l.cutoff)) as occurred_at
    from lead_rows l
    cross join lateral (select unnest(range(1, floor(u(l.i, 'n_acts') * 7)::int + 1)) as k)
    order by l.i, k
) to (getvariable('out_dir') || '/lead_activities.parquet') (format parquet);

copy (
    select
        'F' || lpad(i::varchar, 10, '0') as feedback_id,
        'L' || lpad(i::varchar, 10, '0') as lead_id,
        owner_id as submitted_by,
        iso(sal_at + interval 3 hour) as submitted_at,
        case when sql_at is not null then 'accept' else 'reject' end as verdict,
        (1 + floor(u(i, 'rating') * 5))::int::varchar as rating,
        case when sql_at is null then 'not_icp' end as reason,
        null::varchar as comment
    from lead_rows
    where sal_at is not null and u(i, 'feedback') < 0.4
) to (getvariable('out_dir') || '/lead_feedback.parquet') (format parquet);

-- opportunities: one per SQL lead, plus outbound ones without a lead (one per ~5 leads in all)
create or replace temp table opportunity_rows as
with from_leads as (
    select i, converted_opportunity_id as opportunity_id, account_id, sql_at + interval 2 hour as created_at,
        coalesce(segment, 'SMB') as segment, region, lead_source, 'new_business' as opportunity_type, cutoff
    from lead_rows
    where converted_opportunity_id is not null and account_id is not null
),

outbound as (
    select l.i, 'O' || lpad(l.i::varchar, 10, '0') || 'X' as opportunity_id, l.account_id,
        l.created_at + interval 3 day as created_at, l.segment, l.region, 'outbound' as lead_source,
        'expansion' as opportunity_type, l.cutoff
    from lead_rows l
    where u(l.i, 'outbound') < 0.045 and l.account_id is not null and l.created_at + interval 3 day < l.cutoff
),

both_kinds as (
    select * from from_leads
    union all
    select * from outbound
),

shaped as (
    select
        *,
        (case segment when 'SMB' then 12000 when 'MM' then 42000 else 140000 end
            * (0.4 + 1.2 * u(hash(opportunity_id), 'amount')))::decimal(18, 2) as amount,
        case when region = 'EMEA' and u(hash(opportunity_id), 'eur') < 0.6 then 'EUR'
             when region = 'EMEA' and u(hash(opportunity_id), 'gbp') < 0.3 then 'GBP'
             else 'USD' end as currency_code,
        created_at + seconds((case segment when 'SMB' then 45 when 'MM' then 75 else 130 end)
            * (0.3 + 1.4 * u(hash(opportunity_id), 'cycle')) * 86400) as planned_close_at,
        u(hash(opportunity_id), 'won') < (case segment when 'SMB' then 0.34 when 'MM' then 0.27 else 0.21 end)
            as wins,
        floor(u(hash(opportunity_id), 'open_stage') * 4)::int as open_stage_no
    from both_kinds
)

select
    *,
    planned_close_at < (select history_end from params) - interval 3 day as is_closed
from shaped;

copy (
    select
        opportunity_id,
        'Company deal ' || opportunity_id as opportunity_name,
        account_id,
        pick((select ids from aes), hash(opportunity_id), 'owner') as owner_id,
        iso(created_at) as created_at,
        iso(case when is_closed then planned_close_at else created_at + interval 1 day end) as updated_at,
        strftime(planned_close_at, '%Y-%m-%d') as close_date,
        case when is_closed and wins then 'Closed Won' when is_closed then 'Closed Lost'
             else ['Prospecting', 'Discovery', 'Proposal', 'Negotiation'][open_stage_no + 1] end as stage_name,
        amount::varchar as amount,
        currency_code,
        (case when is_closed and wins then 100 when is_closed then 0
             else [10, 25, 50, 75][open_stage_no + 1] end)::varchar as probability,
        is_closed::varchar as is_closed,
        (is_closed and wins)::varchar as is_won,
        opportunity_type,
        lead_source,
        null::varchar as primary_campaign_id,
        case when is_closed and not wins then pick(['price', 'competitor', 'timing'], hash(opportunity_id), 'loss') end
            as loss_reason,
        null::varchar as competitor,
        case when is_closed and wins then 'closed' when is_closed then 'omitted'
             else ['pipeline', 'pipeline', 'best_case', 'commit'][open_stage_no + 1] end as forecast_category,
        'false' as is_deleted
    from opportunity_rows
) to (getvariable('out_dir') || '/opportunities.parquet') (format parquet);

-- stage history: the stages a deal passed, the amount revised on the way
copy (
    with stages as (
        select o.*, k,
            ['Prospecting', 'Discovery', 'Proposal', 'Negotiation'][k] as stage,
            case when o.is_closed then 3 else o.open_stage_no end as last_open_stage
        from opportunity_rows o
        cross join (select unnest(range(1, 5)) as k)
    )
    select opportunity_id, stage_name, amount, changed_at
    from (
        select
            opportunity_id,
            k,
            stage as stage_name,
            (amount * (0.9 + 0.1 * k / 4))::decimal(18, 2)::varchar as amount,
            iso(created_at + (least(planned_close_at, cutoff) - created_at) * ((k - 1) / 5.0)) as changed_at
        from stages
        where k - 1 <= last_open_stage
        union all
        select
            opportunity_id,
            5,
            case when wins then 'Closed Won' else 'Closed Lost' end,
            amount::varchar,
            iso(planned_close_at)
        from opportunity_rows
        where is_closed
    ) history
    order by opportunity_id, k
) to (getvariable('out_dir') || '/opportunity_stage_history.parquet') (format parquet);

-- field history: about one deal in three had its close date pushed out once on the way
copy (
    select
        opportunity_id,
        'close_date' as field,
        strftime(planned_close_at - interval 1 day * (7 + floor(u(hash(opportunity_id), 'slip_days') * 30)),
                 '%Y-%m-%d') as old_value,
        strftime(planned_close_at, '%Y-%m-%d') as new_value,
        iso(created_at + (least(planned_close_at, cutoff) - created_at) * 0.5) as changed_at
    from opportunity_rows
    where u(hash(opportunity_id), 'slip') < 0.33
        and least(planned_close_at, cutoff) > created_at + interval 2 day
    order by opportunity_id
) to (getvariable('out_dir') || '/opportunity_field_history.parquet') (format parquet);

-- targets per month and segment, in proportion to the scale
copy (
    with months as (
        select unnest(generate_series(date '2024-11-01', date '2026-12-01', interval 1 month))::date as month
    ),

    goals as (
        select * from (values
            -- about what a month of the history brings (half the leads become MQLs), so
            -- attainment is near 100% as in a real plan
            ('SMB', 'won_revenue', 450.0), ('MM', 'won_revenue', 630.0), ('ENT', 'won_revenue', 1080.0),
            ('SMB', 'pipeline_created', 2000.0), ('MM', 'pipeline_created', 2900.0),
            ('ENT', 'pipeline_created', 4800.0),
            ('SMB', 'mqls', 0.25), ('MM', 'mqls', 0.17), ('ENT', 'mqls', 0.08)
        ) as t(segment, metric, per_lead)
    )

    select
        strftime(month, '%Y-%m-%d') as month,
        segment,
        metric,
        round(per_lead * (select base_leads from params) / 25)::bigint::varchar as target_value
    from months, goals
) to (getvariable('out_dir') || '/targets.parquet') (format parquet);

copy (select * from users) to (getvariable('out_dir') || '/users.parquet') (format parquet);
copy (select * from campaigns) to (getvariable('out_dir') || '/campaigns.parquet') (format parquet);
copy (select * from read_csv(getvariable('seeds_dir') || '/fx_rates.csv', all_varchar = true))
    to (getvariable('out_dir') || '/fx_rates.parquet') (format parquet);
copy (select * from read_csv(getvariable('seeds_dir') || '/market_size.csv', all_varchar = true))
    to (getvariable('out_dir') || '/market_size.parquet') (format parquet);
