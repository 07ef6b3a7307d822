{#- HubSpot companies (not deleted) as the raw accounts contract: segment from
    numberofemployees by var segment_employee_bands, region and ISO code from the country. -#}

with company as (
    {{ crm_object('hubspot', 'company', [
        'id', 'property_name', 'property_industry', 'property_numberofemployees',
        'property_country', 'property_hubspot_owner_id', 'property_createdate', 'is_deleted',
        '_fivetran_deleted',
    ] + hubspot_field_columns('accounts') + custom_fields('accounts') | map(attribute='name') | list) }}
),

region_map as (
    {{ value_mapping('company', 'property_country', 'country_region') }}
),

country_code_map as (
    {{ value_mapping('company', 'property_country', 'country_code') }}
),

final as (
    select
        company.id as account_id,
        company.property_name as account_name,
        company.property_industry as industry,
        coalesce(
            {{ hubspot_field_or_null('accounts', 'segment', 'company') }},
            {{ employee_segment(parse_number('company.property_numberofemployees')) }}
        ) as segment,
        coalesce({{ hubspot_field_or_null('accounts', 'region', 'company') }}, region_map.target) as region,
        coalesce(
            country_code_map.target,
            case when length(company.property_country) = 2 then upper(company.property_country) end
        ) as country,
        company.property_numberofemployees as employee_count,
        company.property_hubspot_owner_id as owner_id,
        company.property_createdate as created_at,
        {{ custom_field_columns('accounts', prefix='company.') }}
        company.property_country as country__source,
        company._malformed,
        company._source_row
    from company
    left join region_map on company.property_country = region_map.source_value
    left join country_code_map on company.property_country = country_code_map.source_value
    where not {{ crm_deleted('company') }}
)

select * from final
