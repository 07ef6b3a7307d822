-- the metric definitions: each opportunity's weights sum to 1 in every model (within 1e-9), every
-- model covers the same touchpoints, and no weight is negative.
with attribution as (
    select * from {{ ref('fct_attribution') }}
),

sums as (
    select
        opportunity_id,
        model,
        sum(weight) as total_weight,
        min(weight) as smallest_weight,
        count(*) as touches
    from attribution
    group by opportunity_id, model
),

models_per_opportunity as (
    select opportunity_id, count(distinct model) as models, min(touches) as fewest, max(touches) as most
    from sums
    group by opportunity_id
)

select opportunity_id, model, total_weight as problem
from sums
where abs(total_weight - 1) > 1e-9 or smallest_weight < 0
union all
select opportunity_id, 'all models' as model, models as problem
from models_per_opportunity
where models <> 6 or fewest <> most
