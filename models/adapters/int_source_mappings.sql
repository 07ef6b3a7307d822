{#- Every mapping a CRM adapter uses, one row per (mapping, value): the project's defaults
    (seed source_mappings), the contract's own codes mapping to themselves, and the
    entries of var source_mappings, which win over both. -#}

with defaults as (
    select
        mapping,
        source_value,
        target,
        match_rule,
        priority
    from {{ ref('source_mappings') }}
),

own_codes as (
    {%- set codes = {
        'channel': var('channels'),
        'lead_status': ['new', 'mql', 'sal', 'sql', 'disqualified', 'converted'],
        'lifecycle_stage': ['new', 'mql', 'sal', 'sql', 'disqualified', 'converted'],
        'opportunity_type': ['new_business', 'expansion', 'renewal'],
        'department': ['marketing', 'sdr', 'sales'],
    } %}
    {%- for mapping, values in codes.items() %}
    {%- for value in values %}
    select
        '{{ mapping }}' as mapping,
        '{{ value }}' as source_value,
        '{{ value }}' as target,
        'exact' as match_rule,
        0 as priority
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
        {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

overrides as (
    {%- set entries = var('source_mappings', []) or [] %}
    {%- if entries %}
        {%- for entry in entries %}
    select
        '{{ entry["mapping"] }}' as mapping,
        '{{ entry["source_value"] | replace("'", "''") }}' as source_value,
        '{{ entry["target"] | replace("'", "''") }}' as target,
        '{{ entry.get("match_rule", "exact") }}' as match_rule,
        {{ -1000 + loop.index }} as priority
            {%- if not loop.last %}
    union all
            {%- endif %}
        {%- endfor %}
    {%- else %}
    select
        cast(null as {{ dbt.type_string() }}) as mapping,
        cast(null as {{ dbt.type_string() }}) as source_value,
        cast(null as {{ dbt.type_string() }}) as target,
        cast(null as {{ dbt.type_string() }}) as match_rule,
        0 as priority
    from (select 1 as no_rows) as empty_table
    where 1 = 0
    {%- endif %}
),

combined as (
    select * from overrides
    union all
    select * from own_codes
    union all
    select * from defaults
),

final as (
    select
        mapping,
        source_value,
        {{ normalised_value('source_value') }} as normalised_value,
        target,
        match_rule,
        priority
    from combined
)

select * from final
