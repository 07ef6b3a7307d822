{#- One row per opportunity × influencing response (the metric definitions influenced): the linked
    responses up to the end of the opportunity's close_date day (closed) or up to as_of
    (open). -#}

with linked as (
    select * from {{ ref('int_opportunity_responses_linked') }}
),

as_of as (
    select * from {{ ref('int_as_of') }}
),

final as (
    select
        linked.opportunity_id,
        linked.member_id,
        linked.campaign_id,
        linked.channel,
        linked.responded_at
    from linked
    cross join as_of
    where
        (
            linked.is_closed
            and linked.responded_at < {{ dbt.dateadd('day', 1, 'cast(linked.close_date as timestamp)') }}
        )
        or (not linked.is_closed and linked.responded_at <= as_of.as_of_at)
)

select * from final
