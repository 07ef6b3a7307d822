{#- Sales verdicts per month × channel × source campaign: how many leads sales accepted and
    rejected, the acceptance rate and the average rating. -#}

with feedback as (
    select * from {{ ref('fct_lead_feedback') }}
),

grouped as (
    select
        submitted_month as month,
        lead_source,
        coalesce(source_campaign_id, 'none') as source_campaign_id,
        count(*) as verdicts,
        sum(case when is_accepted then 1 else 0 end) as accepted,
        sum(case when is_rejected then 1 else 0 end) as rejected,
        sum(rating) as rating_sum,
        count(rating) as rated
    from feedback
    group by submitted_month, lead_source, coalesce(source_campaign_id, 'none')
),

final as (
    select
        month,
        lead_source,
        source_campaign_id,
        verdicts,
        accepted,
        rejected,
        rating_sum,
        rated,
        {{ safe_divide('accepted', 'accepted + rejected') }} as acceptance_rate,
        {{ safe_divide('rating_sum', 'rated') }} as avg_lead_rating
    from grouped
)

select * from final
