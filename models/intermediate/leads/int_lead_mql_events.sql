{#- Every time a lead became an MQL: one row per MQL cycle. A lead's current record gives
    its latest MQL (stg_crm__leads.mql_at); an older version of the record (a superseded
    raw row) whose mql_at is earlier, with a disqualification after it and before the
    current MQL, gives an earlier cycle: the lead was disqualified and came back, and each
    return is a new MQL in its month. Within a cycle the first mql_at counts (a later edit
    of the timestamp without a disqualification between is the same MQL). A current record
    disqualified before its own mql_at is a return too, whose earlier MQL date the data no
    longer holds. -#}

with leads as (
    select * from {{ ref('stg_crm__leads') }}
    where mql_at is not null
),

versions as (
    select * from {{ ref('base_crm__leads') }}
    where _row_status = 'superseded'
),

disqualifications as (
    select lead_id, disqualified_at from versions
    where disqualified_at is not null
    union
    select lead_id, disqualified_at from leads
    where disqualified_at is not null
),

-- older versions' MQL times that a disqualification ended before the current MQL
earlier as (
    select distinct
        versions.lead_id,
        versions.mql_at
    from versions
    inner join leads on versions.lead_id = leads.lead_id
    inner join disqualifications
        on versions.lead_id = disqualifications.lead_id
        and disqualifications.disqualified_at >= versions.mql_at
        and disqualifications.disqualified_at < leads.mql_at
    where versions.mql_at < leads.mql_at
),

-- the cycle an earlier MQL belongs to: how many disqualifications came before it
earlier_cycles as (
    select
        earlier.lead_id,
        earlier.mql_at,
        count(disqualifications.disqualified_at) as cycle_number
    from earlier
    left join disqualifications
        on earlier.lead_id = disqualifications.lead_id
        and disqualifications.disqualified_at < earlier.mql_at
    group by earlier.lead_id, earlier.mql_at
),

events as (
    select lead_id, min(mql_at) as mql_at, false as is_current
    from earlier_cycles
    group by lead_id, cycle_number
    union all
    select lead_id, mql_at, true as is_current
    from leads
),

numbered as (
    select
        events.lead_id,
        events.mql_at,
        events.is_current,
        row_number() over (partition by events.lead_id order by events.mql_at) as mql_number
    from events
),

final as (
    select
        numbered.lead_id,
        numbered.mql_at,
        {{ month_of('numbered.mql_at') }} as mql_month,
        numbered.mql_number,
        numbered.is_current,
        numbered.mql_number > 1
        or (numbered.is_current and coalesce(leads.disqualified_at < leads.mql_at, false)) as is_re_mql
    from numbered
    inner join leads on numbered.lead_id = leads.lead_id
)

select * from final
