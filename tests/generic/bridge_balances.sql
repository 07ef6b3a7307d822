{#- A variance bridge balances: per bridge, start + the parts = end, to a millionth of the
    end's size (floating-point noise only). Returns the bridges that do not. -#}
{% test bridge_balances(model) %}

with sums as (
    select
        period,
        segment,
        region,
        comparison,
        bridge,
        sum(case when step_kind = 'end' then value else 0 end) as end_value,
        sum(case when step_kind = 'start' then value else 0 end)
        + sum(case when step_kind = 'part' then value else 0 end) as start_plus_parts,
        sum(case when step_kind = 'start' then 1 else 0 end) as starts,
        sum(case when step_kind = 'end' then 1 else 0 end) as ends
    from {{ model }}
    group by period, segment, region, comparison, bridge
)

select *
from sums
where starts != 1
    or ends != 1
    or abs(start_plus_parts - end_value) > 1e-6 * (1 + abs(end_value))

{% endtest %}
