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
    kpi_monthly first, then by model name; empty while dbt parses. A metric whose name
    holds `{model}` is one metric per attribution model (var attribution_models): its
    name, label and definition get the model's name. -#}
{% macro documented_metrics() -%}
    {%- set documented = [] -%}
    {%- if execute -%}
        {%- set nodes = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model')
                        | sort(attribute='name') -%}
        {%- set ordered = (nodes | selectattr('name', 'equalto', 'kpi_monthly') | list)
                          + (nodes | rejectattr('name', 'equalto', 'kpi_monthly') | list) -%}
        {%- for node in ordered -%}
            {%- for metric in node.config.meta.get('metrics', []) -%}
                {%- if '{model}' in metric.metric -%}
                    {%- for model in var('attribution_models') -%}
                        {%- set expanded = {} -%}
                        {%- for key, value in metric.items() -%}
                            {%- do expanded.update({key: value | replace('{model}', model)
                                if value is string else value}) -%}
                        {%- endfor -%}
                        {%- do documented.append((node.name, expanded)) -%}
                    {%- endfor -%}
                {%- else -%}
                    {%- do documented.append((node.name, metric)) -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(documented) }}
{%- endmacro %}
