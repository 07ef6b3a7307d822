{#- The metrics documented in the `metrics` meta of a model's YAML (the glossary), in
    order; empty while dbt parses. -#}
{% macro kpi_metric_definitions(model_name) -%}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set node = graph.nodes.get('model.' ~ project_name ~ '.' ~ model_name) -%}
    {%- if node is none -%}
        {{ exceptions.raise_compiler_error("no model named " ~ model_name) }}
    {%- endif -%}
    {{ return(node.config.meta.get('metrics', [])) }}
{%- endmacro %}


{% macro kpi_metric_names(model_name) -%}
    {{ return(kpi_metric_definitions(model_name) | map(attribute='metric') | list) }}
{%- endmacro %}


{#- (model name, metric) for every metric documented in any model's `metrics` meta,
    kpi_monthly first, then by model name; empty while dbt parses. -#}
{% macro documented_metrics() -%}
    {%- set documented = [] -%}
    {%- if execute -%}
        {%- set nodes = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model')
                        | sort(attribute='name') -%}
        {%- for node in nodes if node.name == 'kpi_monthly' -%}
            {%- for metric in node.config.meta.get('metrics', []) -%}
                {%- do documented.append((node.name, metric)) -%}
            {%- endfor -%}
        {%- endfor -%}
        {%- for node in nodes if node.name != 'kpi_monthly' -%}
            {%- for metric in node.config.meta.get('metrics', []) -%}
                {%- do documented.append((node.name, metric)) -%}
            {%- endfor -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(documented) }}
{%- endmacro %}
