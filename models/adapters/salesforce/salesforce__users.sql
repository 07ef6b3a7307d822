{#- Salesforce users as the raw users contract (text).

    department  the user's department, else title, else role name, through mapping
                department (words such as `sales development` -> sdr)
    role        the title (else the role name), snake case
    team        the field var salesforce_fields names, else the role name
    region      the field var salesforce_fields names, else the user's country through
                mapping country_region -#}

with user_row as (
    {{ crm_object('salesforce', 'user', [
        'id', 'name', 'first_name', 'last_name', 'email', 'department', 'title',
        'user_role_id', 'country', 'country_code', 'manager_id', 'is_active',
    ] + salesforce_field_columns('users') + custom_fields('users') | map(attribute='name') | list) }}
),

user_role as (
    {{ crm_object('salesforce', 'user_role', ['id', 'name']) }}
),

role_names as (
    select
        id,
        max(name) as name
    from user_role
    group by id
),

named as (
    select
        user_row.*,
        role_names.name as role_name
    from user_row
    left join role_names on user_row.user_role_id = role_names.id
),

department_map as (
    {{ value_mapping('named', 'department', 'department') }}
),

title_map as (
    {{ value_mapping('named', 'title', 'department') }}
),

role_map as (
    {{ value_mapping('named', 'role_name', 'department') }}
),

region_map as (
    {{ value_mapping('named', 'coalesce(country_code, country)', 'country_region') }}
),

final as (
    select
        named.id as user_id,
        coalesce(named.name, trim(coalesce(named.first_name, '') || ' ' || coalesce(named.last_name, '')))
            as full_name,
        named.email,
        coalesce(department_map.target, title_map.target, role_map.target, named.department)
            as department,
        {{ normalised_value('coalesce(named.title, named.role_name)') }} as role,
        coalesce({{ salesforce_field_or_null('users', 'team', 'named') }}, named.role_name) as team,
        coalesce({{ salesforce_field_or_null('users', 'region', 'named') }}, region_map.target) as region,
        named.manager_id,
        named.is_active,
        {{ custom_field_columns('users', prefix='named.') }}
        coalesce(named.department, named.title, named.role_name) as department__source,
        named._malformed,
        named._source_row
    from named
    left join department_map on department_map.source_value = named.department
    left join title_map on title_map.source_value = named.title
    left join role_map on role_map.source_value = named.role_name
    left join region_map on region_map.source_value = coalesce(named.country_code, named.country)
)

select * from final
