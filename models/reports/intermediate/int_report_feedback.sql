{#- Sales verdicts per pack period × segment × region × channel × source campaign ×
    reason: the rows the feedback tables roll up (fct_lead_feedback, by submitted month;
    segment and region of the lead). -#}

with periods as (
    select * from {{ ref('int_report_periods') }}
),

feedback as (
    select * from {{ ref('fct_lead_feedback') }}
),

in_periods as (
    select
        periods.period,
        feedback.segment,
        feedback.region,
        feedback.lead_source as channel,
        coalesce(feedback.source_campaign_id, 'none') as campaign_id,
        coalesce(feedback.reason, 'not given') as reason,
        feedback.is_accepted,
        feedback.is_rejected,
        feedback.rating
    from periods
    inner join feedback on periods.period = feedback.submitted_month
),

final as (
    {{ segment_region_cube('in_periods', ['period', 'channel', 'campaign_id', 'reason'], [
        ['sales_verdicts', 'count(*)'],
        ['accepted_verdicts', 'sum(case when is_accepted then 1 else 0 end)'],
        ['rejected_verdicts', 'sum(case when is_rejected then 1 else 0 end)'],
        ['rated_verdicts', 'sum(case when rating is not null then 1 else 0 end)'],
        ['rating_sum', 'sum(coalesce(rating, 0))'],
    ]) }}
)

select * from final
