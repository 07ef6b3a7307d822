{{ config(enabled=(var('source', 'contract') != 'contract')) }}
{#- Every line of seed source_mappings maps its own value to its target through the
    adapters' matching (normalised, exact before words, words rules in file order): a line
    that an earlier, broader words rule or a duplicate shadows fails here. Lines that var
    source_mappings overrides are the var's business. -#}

{%- set mappings = ['lead_status', 'lifecycle_stage', 'channel', 'opportunity_type', 'department',
                    'country_region', 'country_code'] %}

with entries as (
    select * from {{ ref('source_mappings') }}
),

overridden as (
    select mapping, normalised_value
    from {{ ref('int_source_mappings') }}
    where priority < 0
),
{%- for mapping in mappings %}

mapped_{{ mapping }} as (
    {{ value_mapping("(select source_value from entries where mapping = '" ~ mapping
                     ~ "') as seed_entries", 'source_value', mapping) }}
),
{%- endfor %}

checked as (
    {%- for mapping in mappings %}
    select
        entries.mapping,
        entries.source_value,
        entries.target,
        mapped.target as mapped_to
    from entries
    left join mapped_{{ mapping }} as mapped on mapped.source_value = entries.source_value
    where entries.mapping = '{{ mapping }}'
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

final as (
    select checked.*
    from checked
    where (checked.mapped_to is null or checked.mapped_to <> checked.target)
        and not exists (
            select 1 from overridden
            where overridden.mapping = checked.mapping
                and overridden.normalised_value = {{ normalised_value('checked.source_value') }}
        )
)

select * from final
