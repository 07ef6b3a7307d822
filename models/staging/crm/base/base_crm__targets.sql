{#- Every raw targets row, parsed and triaged: segment targets, and quotas (owner_id or team). -#}

with source as (
    {{ raw_source('targets') }}
),

parsed as (
    select
        _source_row,
        _malformed,
        -- custom fields (var custom_fields), typed as declared
        {{ custom_field_columns('targets', typed=true) }}
        -- keys
        {{ month_of(parse_date('month')) }} as month,
        month as month__text,
        -- a quota (owner_id or team) without a segment covers the whole book: 'all'
        case
            when segment is null and (owner_id is not null or team is not null) then 'all'
            else upper(segment)
        end as segment,
        lower(metric) as metric,
        owner_id,
        team,
        coalesce(owner_id, '') || '|' || coalesce(team, '') as _quota_key,
        -- numerics
        {{ parse_number('target_value') }} as target_value,
        target_value as target_value__text
    from source
),

final as (
    {{ triage(
    'parsed',
    key=['month', 'segment', 'metric', '_quota_key'],
    rules=[
        [
            "target_value is null",
            "not_a_number",
            "'target_value is not a number: ' || coalesce(target_value__text, '(empty)')",
        ],
        [
            "owner_id is not null and team is not null",
            "owner_and_team",
            "'a quota names one holder: owner_id ' || owner_id || ' and team ' || team || ' are both set'",
        ],
        [
            "target_value < 0",
            "negative_amount",
            "'target_value is negative: ' || target_value__text",
        ],
    ],
    newest_first='_source_row desc',
    optional=[],
    parsed_keys=['month'],
) }}
)

select * from final
