-- Every month × segment × region: open at start + created + amount changes - won - lost
-- = open at end (to the cent), and each month starts where the previous one ended.
with movement as (
    select * from {{ ref('fct_pipeline_movement') }}
),

unbalanced as (
    select
        month,
        segment,
        region,
        open_at_start_usd + created_usd + amount_changes_usd - won_usd - lost_usd
        - open_at_end_usd as difference
    from movement
),

discontinuous as (
    select
        this_month.month,
        this_month.segment,
        this_month.region,
        this_month.open_at_start_usd - coalesce(last_month.open_at_end_usd, 0) as difference
    from movement as this_month
    left join movement as last_month
        on last_month.segment = this_month.segment
        and last_month.region = this_month.region
        and cast({{ dbt.dateadd('month', 1, 'last_month.month') }} as date) = this_month.month
)

select * from unbalanced
where abs(difference) > 0.01
union all
select * from discontinuous
where abs(difference) > 0.01
