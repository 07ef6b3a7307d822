{#- What each tracked field of an opportunity said over time, from opportunity_field_history:
    one row per opportunity × field × interval [valid_from, valid_to) with its value (null
    valid_from: since the deal began; null valid_to: still). Before its first change a field
    held the change's old_value. Fields: close_date, probability, forecast_category, amount
    (text values parsed here; one that does not parse is null). Deals without history for a
    field have no rows for it: their snapshots fall back (int_opportunity_month_snapshots). -#}

with field_history as (
    select * from {{ ref('stg_crm__opportunity_field_history') }}
    where field in ('close_date', 'probability', 'forecast_category', 'amount')
),

ordered as (
    select
        opportunity_id,
        field,
        old_value,
        new_value,
        changed_at,
        row_number() over (partition by opportunity_id, field order by changed_at) as change_number,
        lead(changed_at) over (partition by opportunity_id, field order by changed_at) as next_changed_at
    from field_history
),

before_first_change as (
    select
        opportunity_id,
        field,
        cast(null as timestamp) as valid_from,
        changed_at as valid_to,
        old_value as value_text
    from ordered
    where change_number = 1
),

after_each_change as (
    select
        opportunity_id,
        field,
        changed_at as valid_from,
        next_changed_at as valid_to,
        new_value as value_text
    from ordered
),

intervals as (
    select * from before_first_change
    union all
    select * from after_each_change
),

final as (
    select
        opportunity_id,
        field,
        valid_from,
        valid_to,
        value_text,
        case when field = 'close_date' then {{ parse_date('value_text') }} end as date_value,
        case when field in ('probability', 'amount') then {{ parse_number('value_text') }} end as number_value,
        case when field = 'forecast_category' then lower(value_text) end as category_value
    from intervals
)

select * from final
