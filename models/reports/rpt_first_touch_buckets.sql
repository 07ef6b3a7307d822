{#- Time to first touch (chart), company-wide: per pack period × team × bucket, the
    period's MQLs by how long they waited for the first sales touch (to date). -#}

with periods as (
    select * from {{ ref('int_report_periods') }}
),

buckets as (
    select * from {{ ref('fct_first_touch_buckets') }}
),

final as (
    select
        periods.period,
        'all' as segment,
        'all' as region,
        buckets.team,
        buckets.bucket,
        buckets.bucket_order,
        {{ dbt.concat(['buckets.team', "'/'", 'buckets.bucket']) }} as team_bucket,
        buckets.mqls as mqls_by_time_to_first_touch,
        periods.period_start as window_start,
        periods.period_end as window_end
    from periods
    inner join buckets on periods.period = buckets.month
)

select * from final
