{#- Custom schemas are used as given (raw, staging, intermediate); marts stay in the
    target schema so users query `kpi_monthly`, not `main_marts.kpi_monthly`. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
