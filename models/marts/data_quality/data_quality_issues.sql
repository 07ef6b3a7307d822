{#- Suspicious but usable rows (the triage rules): kept in staging and counted here, one row per
    record and rule broken, so the pack can show how much to distrust. -#}

-- noqa: disable=LT02
{% set references = [
    ('leads', 'lead_id', 'account_id', 'accounts', 'account_id'),
    ('leads', 'lead_id', 'owner_id', 'users', 'user_id'),
    ('leads', 'lead_id', 'converted_opportunity_id', 'opportunities', 'opportunity_id'),
    ('accounts', 'account_id', 'owner_id', 'users', 'user_id'),
    ('campaigns', 'campaign_id', 'parent_campaign_id', 'campaigns', 'campaign_id'),
    ('campaign_members', 'member_id', 'campaign_id', 'campaigns', 'campaign_id'),
    ('campaign_members', 'member_id', 'lead_id', 'leads', 'lead_id'),
    ('lead_activities', 'activity_id', 'lead_id', 'leads', 'lead_id'),
    ('lead_activities', 'activity_id', 'user_id', 'users', 'user_id'),
    ('lead_feedback', 'feedback_id', 'lead_id', 'leads', 'lead_id'),
    ('opportunities', 'opportunity_id', 'account_id', 'accounts', 'account_id'),
    ('opportunities', 'opportunity_id', 'owner_id', 'users', 'user_id'),
    ('opportunities', 'opportunity_id', 'primary_campaign_id', 'campaigns', 'campaign_id'),
    ('opportunity_stage_history', 'opportunity_id', 'opportunity_id', 'opportunities',
     'opportunity_id'),
    ('opportunity_field_history', 'opportunity_id', 'opportunity_id', 'opportunities',
     'opportunity_id'),
] -%}
{%- set lead_stages = ['mql_at', 'sal_at', 'sql_at', 'disqualified_at', 'converted_at'] -%}

with

{% for table, key in raw_table_keys().items() %}
unparsed_{{ table }} as (
    select
        '{{ table }}' as source_table,
        {{ key_text(key) }} as source_key,
        'unparseable_value' as rule,
        'kept as null: ' || _unparsed as detail
    from {{ ref('base_crm__' ~ table) }}
    where _row_status = 'staged' and _unparsed <> ''
),
{% endfor %}

{% for child, child_key, column, parent, parent_key in references %}
reference_{{ loop.index }} as (
    select
        '{{ child }}' as source_table,
        {{ key_text([child ~ '.' ~ child_key]) }} as source_key,
        'missing_reference' as rule,
        '{{ column }} ' || {{ child }}.{{ column }} || ' not found in {{ parent }}' as detail
    from {{ ref('stg_crm__' ~ child) }} as {{ child }}
    where {{ child }}.{{ column }} is not null
        and not exists (
            select 1
            from {{ ref('stg_crm__' ~ parent) }} as parent_table
            where parent_table.{{ parent_key }} = {{ child }}.{{ column }}
        )
),
{% endfor %}

{% for stage in lead_stages %}
lead_{{ stage }}_before_created as (
    select
        'leads' as source_table,
        lead_id as source_key,
        'stage_before_created' as rule,
        '{{ stage }} is before created_at' as detail
    from {{ ref('stg_crm__leads') }}
    where {{ stage }} < created_at
),
{% endfor %}

closed_before_created as (
    select
        'opportunities' as source_table,
        opportunity_id as source_key,
        'closed_before_created' as rule,
        'close_date ' || cast(close_date as {{ dbt.type_string() }})
            || ' is before the created_at date' as detail
    from {{ ref('stg_crm__opportunities') }}
    where close_date < cast(created_at as date)
),

missing_amount as (
    select
        'opportunities' as source_table,
        opportunity_id as source_key,
        'missing_amount' as rule,
        'amount is empty: counts as 0 in pipeline and revenue' as detail
    from {{ ref('stg_crm__opportunities') }}
    where amount is null
),

{% for table, key, column in [('leads', 'lead_id', 'lead_source'),
                               ('opportunities', 'opportunity_id', 'lead_source'),
                               ('campaigns', 'campaign_id', 'channel')] %}
unknown_channel_{{ table }} as (
    select
        '{{ table }}' as source_table,
        {{ key }} as source_key,
        'unknown_channel' as rule,
        '{{ column }} ' || {{ column }} || ' is not one of var channels (counted as its own channel)'
            as detail
    from {{ ref('stg_crm__' ~ table) }}
    where {{ column }} is not null
        and {{ column }} not in {{ sql_list(var('channels')) }}
),
{% endfor %}

campaign_without_dates as (
    select
        'campaigns' as source_table,
        campaign_id as source_key,
        'missing_dates' as rule,
        'start_date or end_date missing or end before start: spend cannot be spread' as detail
    from {{ ref('stg_crm__campaigns') }}
    where actual_cost > 0
        and (start_date is null or end_date is null or end_date < start_date)
),

unioned as (
    {% for table in raw_table_keys() %}
    select * from unparsed_{{ table }}
    union all
    {% endfor %}
    {% for reference in references %}
    select * from reference_{{ loop.index }}
    union all
    {% endfor %}
    {% for table in ['leads', 'opportunities', 'campaigns'] %}
    select * from unknown_channel_{{ table }}
    union all
    {% endfor %}
    {% for stage in lead_stages %}
    select * from lead_{{ stage }}_before_created
    union all
    {% endfor %}
    select * from closed_before_created
    union all
    select * from missing_amount
    union all
    select * from campaign_without_dates
),

final as (
    select
        source_table,
        source_key,
        rule,
        detail
    from unioned
)

select * from final
