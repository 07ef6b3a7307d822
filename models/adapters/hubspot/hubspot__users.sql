{#- HubSpot owners as the raw users contract (text).

    department  the role name (owner -> users.role_id -> role), else the primary team's
                name, through mapping department (words: `sdr`, `ae`, `marketing`, ...)
    role        the role name, snake case
    team        the field var hubspot_fields names, else the primary team's name
    region      the field var hubspot_fields names (HubSpot owners have none by default) -#}

with owner as (
    {{ crm_object('hubspot', 'owner', [
        'owner_id', 'email', 'first_name', 'last_name', 'active_user_id', 'user_id', 'is_active',
        'archived',
    ] + hubspot_field_columns('users') + custom_fields('users') | map(attribute='name') | list) }}
),

owner_team as (
    {{ crm_object('hubspot', 'owner_team', ['owner_id', 'team_id', 'is_team_primary']) }}
),

team as (
    {{ crm_object('hubspot', 'team', ['id', 'name']) }}
),

users_table as (
    {{ crm_object('hubspot', 'users', ['id', 'role_id']) }}
),

role as (
    {{ crm_object('hubspot', 'role', ['id', 'name']) }}
),

primary_teams as (
    select
        owner_id,
        team_name
    from (
        select
            owner_team.owner_id,
            team.name as team_name,
            row_number() over (
                partition by owner_team.owner_id
                order by
                    case when {{ parse_bool('owner_team.is_team_primary') }} then 0 else 1 end,
                    team.name
            ) as team_rank
        from owner_team
        inner join team on owner_team.team_id = team.id
    ) as ranked
    where team_rank = 1
),

roles as (
    select
        users_table.id as user_id,
        max(role.name) as role_name
    from users_table
    inner join role on users_table.role_id = role.id
    group by users_table.id
),

named as (
    select
        owner.*,
        primary_teams.team_name,
        roles.role_name
    from owner
    left join primary_teams on owner.owner_id = primary_teams.owner_id
    left join roles on coalesce(owner.active_user_id, owner.user_id) = roles.user_id
),

role_map as (
    {{ value_mapping('named', 'role_name', 'department') }}
),

team_map as (
    {{ value_mapping('named', 'team_name', 'department') }}
),

final as (
    select
        named.owner_id as user_id,
        nullif(trim(coalesce(named.first_name, '') || ' ' || coalesce(named.last_name, '')), '')
            as full_name,
        named.email,
        coalesce(role_map.target, team_map.target) as department,
        {{ normalised_value('named.role_name') }} as role,
        coalesce({{ hubspot_field_or_null('users', 'team', 'named') }}, named.team_name) as team,
        {{ hubspot_field_or_null('users', 'region', 'named') }} as region,
        cast(null as {{ dbt.type_string() }}) as manager_id,
        case
            when {{ parse_bool('named.archived') }} then 'false'
            else coalesce(named.is_active, 'true')
        end as is_active,
        {{ custom_field_columns('users', prefix='named.') }}
        coalesce(named.role_name, named.team_name) as department__source,
        named._malformed,
        named._source_row
    from named
    left join role_map on named.role_name = role_map.source_value
    left join team_map on named.team_name = team_map.source_value
)

select * from final
