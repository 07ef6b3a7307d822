{#- the triage rules: every raw row of `source_table` is staged (in the tested model), superseded or
    rejected, and none is counted twice. Fails with the four counts when they differ. -#}
{% test raw_rows_accounted_for(model, source_table) %}

with raw_rows as (
    select count(*) as row_count from ({{ raw_source(source_table) }}) as raw_table
),

staged as (
    select count(*) as row_count from {{ model }}
),

superseded as (
    select count(*) as row_count
    from {{ ref('superseded_rows') }}
    where source_table = '{{ source_table }}'
),

rejected as (
    select count(*) as row_count
    from {{ ref('rejected_rows') }}
    where source_table = '{{ source_table }}'
),

compared as (
    select
        raw_rows.row_count as raw_count,
        staged.row_count as staged_count,
        superseded.row_count as superseded_count,
        rejected.row_count as rejected_count
    from raw_rows
    cross join staged
    cross join superseded
    cross join rejected
)

select *
from compared
where raw_count <> staged_count + superseded_count + rejected_count

{% endtest %}
