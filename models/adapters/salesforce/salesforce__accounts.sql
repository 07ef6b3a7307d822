{#- Salesforce accounts as the raw accounts contract (text). Deleted accounts (merged-away
    ones included) are left out here and counted in salesforce__row_accounting.

    segment  the field var salesforce_fields names, else number_of_employees by var
             segment_employee_bands
    region   the field var salesforce_fields names, else the billing country through
             mapping country_region
    country  billing_country_code, else the billing country's code (mapping country_code) -#}

with account as (
    {{ crm_object('salesforce', 'account', [
        'id', 'name', 'industry', 'number_of_employees', 'billing_country',
        'billing_country_code', 'owner_id', 'created_date', 'is_deleted', '_fivetran_deleted',
        'master_record_id',
    ] + salesforce_field_columns('accounts') + custom_fields('accounts') | map(attribute='name') | list) }}
),

region_map as (
    {{ value_mapping('account', 'coalesce(billing_country_code, billing_country)', 'country_region') }}
),

country_code_map as (
    {{ value_mapping('account', 'billing_country', 'country_code') }}
),

final as (
    select
        account.id as account_id,
        account.name as account_name,
        account.industry,
        coalesce(
            {{ salesforce_field_or_null('accounts', 'segment', 'account') }},
            {{ employee_segment(parse_number('account.number_of_employees')) }}
        ) as segment,
        coalesce(
            {{ salesforce_field_or_null('accounts', 'region', 'account') }},
            region_map.target
        ) as region,
        coalesce(
            case when length(account.billing_country_code) = 2 then account.billing_country_code end,
            country_code_map.target,
            case when length(account.billing_country) = 2 then account.billing_country end
        ) as country,
        account.number_of_employees as employee_count,
        account.owner_id,
        account.created_date as created_at,
        {{ custom_field_columns('accounts', prefix='account.') }}
        coalesce(account.billing_country_code, account.billing_country) as country__source,
        account._malformed,
        account._source_row
    from account
    left join region_map
        on region_map.source_value = coalesce(account.billing_country_code, account.billing_country)
    left join country_code_map on country_code_map.source_value = account.billing_country
    where not {{ crm_deleted('account') }}
        and account.master_record_id is null
)

select * from final
