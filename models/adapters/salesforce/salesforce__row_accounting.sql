{#- Where every row of every Salesforce object went: into a raw contract table (and from
    there through the triage, which accounts for it again), left out because Salesforce or
    the sync marks it deleted (accounts, campaigns, members and activities; deleted leads and
    opportunities go on to the contract as soft deletions), or read as a lookup (contacts,
    roles, history, rates). A dbt test checks source_rows = to_contract + deleted_rows +
    lookup_rows for every object. -#}

{%- set objects = {
    'lead': ('leads', 'salesforce__leads', false),
    'account': ('accounts', 'salesforce__accounts', true),
    'opportunity': ('opportunities', 'salesforce__opportunities', false),
    'opportunity_history': ('opportunity_stage_history', 'salesforce__opportunity_stage_history', false),
    'campaign': ('campaigns', 'salesforce__campaigns', true),
    'campaign_member': ('campaign_members', 'salesforce__campaign_members', true),
    'task': ('lead_activities', 'salesforce__lead_activities', true),
    'event': ('lead_activities', 'salesforce__lead_activities', true),
    'user': ('users', 'salesforce__users', false),
} %}
{%- set lookups = ['contact', 'user_role', 'lead_history', 'opportunity_competitor',
                   'dated_conversion_rate', 'currency_type'] %}

with
{%- for object, (table, model, drops_deleted) in objects.items() %}

{{ object }}_rows as (
    {{ crm_object('salesforce', object, ['id', 'is_deleted', '_fivetran_deleted']
                  + (['master_record_id'] if object == 'account' else [])) }}
),
{%- endfor %}
{%- for object in lookups %}

{{ object }}_rows as (
    {{ crm_object('salesforce', object, ['id']) }}
),
{%- endfor %}

counted as (
    {%- for object, (table, model, drops_deleted) in objects.items() %}
    select
        '{{ object }}' as source_object,
        '{{ table }}' as contract_table,
        (select count(*) from {{ object }}_rows) as source_rows,
        (
            select count(*) from {{ ref(model) }}
            {%- if table == 'lead_activities' %} where _source_object = '{{ object }}'{% endif %}
        ) as to_contract,
        {%- if drops_deleted %}
        (
            select count(*) from {{ object }}_rows
            where coalesce({{ parse_bool('is_deleted') }}, false)
                or coalesce({{ parse_bool('_fivetran_deleted') }}, false)
                {%- if object == 'account' %}
                or master_record_id is not null
                {%- endif %}
        ) as deleted_rows,
        {%- else %}
        0 as deleted_rows,
        {%- endif %}
        0 as lookup_rows
    union all
    {%- endfor %}
    {%- for object in lookups %}
    select
        '{{ object }}' as source_object,
        cast(null as {{ dbt.type_string() }}) as contract_table,
        (select count(*) from {{ object }}_rows) as source_rows,
        0 as to_contract,
        0 as deleted_rows,
        (select count(*) from {{ object }}_rows) as lookup_rows
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

final as (
    select * from counted
)

select * from final
