{#- Where every row of every HubSpot table went: into a raw contract table, left out as
    deleted by the sync, or read as a lookup (associations, stages, history, teams). A dbt
    test checks source_rows = to_contract + deleted_rows + lookup_rows for every table. -#}

{%- set passed = {
    'contact': ('leads', "(select count(*) from " ~ ref('hubspot__leads') ~ ")", false),
    'company': ('accounts', "(select count(*) from " ~ ref('hubspot__accounts') ~ ")", true),
    'deal': ('opportunities', "(select count(*) from " ~ ref('hubspot__opportunities') ~ ")", false),
    'owner': ('users', "(select count(*) from " ~ ref('hubspot__users') ~ ")", false),
    'campaign': ('campaigns', "(select count(*) from " ~ ref('hubspot__campaigns') ~ " where _source_object = 'campaign')", true),
    'contact_form_submission': ('campaign_members', "(select count(*) from " ~ ref('hubspot__campaign_members') ~ " where _source_object = 'contact_form_submission')", false),
    'marketing_event_participant': ('campaign_members', "(select count(*) from " ~ ref('hubspot__campaign_members') ~ " where _source_object = 'marketing_event_participant')", true),
} %}
{%- set lookups = ['contact_property_history', 'contact_merge_audit', 'deal_pipeline_stage',
                   'deal_company', 'deal_contact', 'owner_team', 'team', 'users', 'role',
                   'engagement_contact', 'engagement_call', 'engagement_email',
                   'engagement_meeting'] %}

with
{%- for object in passed.keys() | list + lookups + ['engagement', 'form', 'marketing_event', 'deal_property_history'] %}

{{ object }}_rows as (
    {{ crm_object('hubspot', object, ['id', 'is_deleted', '_fivetran_deleted', 'campaign_guid', 'name']) }}
),
{%- endfor %}

counted as (
    {%- for object, (table, to_contract, drops_deleted) in passed.items() %}
    select
        '{{ object }}' as source_object,
        '{{ table }}' as contract_table,
        (select count(*) from {{ object }}_rows) as source_rows,
        {{ to_contract }} as to_contract,
        {%- if drops_deleted %}
        (
            select count(*) from {{ object }}_rows
            where coalesce({{ parse_bool('is_deleted') }}, false)
                or coalesce({{ parse_bool('_fivetran_deleted') }}, false)
        ) as deleted_rows,
        {%- else %}
        0 as deleted_rows,
        {%- endif %}
        0 as lookup_rows
    union all
    {%- endfor %}
    -- engagements: one activity per associated contact, or one without a lead
    select
        'engagement' as source_object,
        'lead_activities' as contract_table,
        (select count(*) from engagement_rows) as source_rows,
        (select count(distinct _engagement_id) from {{ ref('hubspot__lead_activities') }}) as to_contract,
        (
            select count(*) from engagement_rows
            where coalesce({{ parse_bool('_fivetran_deleted') }}, false)
        ) as deleted_rows,
        0 as lookup_rows
    union all
    -- forms and events: a campaign of their own without a campaign_guid, else a lookup
    {%- for object in ['form', 'marketing_event'] %}
    select
        '{{ object }}' as source_object,
        'campaigns' as contract_table,
        (select count(*) from {{ object }}_rows) as source_rows,
        (
            select count(*) from {{ ref('hubspot__campaigns') }}
            where _source_object = '{{ object }}'
        ) as to_contract,
        (
            select count(*) from {{ object }}_rows
            where campaign_guid is null and coalesce({{ parse_bool('_fivetran_deleted') }}, false)
        ) as deleted_rows,
        (
            select count(*) from {{ object }}_rows
            where campaign_guid is not null
        ) as lookup_rows
    union all
    {%- endfor %}
    select
        'deal_property_history' as source_object,
        'opportunity_stage_history' as contract_table,
        (select count(*) from deal_property_history_rows) as source_rows,
        (select count(*) from {{ ref('hubspot__opportunity_stage_history') }}) as to_contract,
        0 as deleted_rows,
        (
            select count(*) from deal_property_history_rows
            where {{ normalised_value('name') }} <> 'dealstage' or name is null
        ) as lookup_rows
    {%- for object in lookups %}
    union all
    select
        '{{ object }}' as source_object,
        cast(null as {{ dbt.type_string() }}) as contract_table,
        (select count(*) from {{ object }}_rows) as source_rows,
        0 as to_contract,
        0 as deleted_rows,
        (select count(*) from {{ object }}_rows) as lookup_rows
    {%- endfor %}
),

final as (
    select * from counted
)

select * from final
