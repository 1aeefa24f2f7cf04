{#- The files that hold the latest version of each submission of a family.

    A submission is one sender × report family × period. A later file for the same key (later by
    receipt time) supersedes the earlier one wholesale; both stay in the raw layer with their
    lineage. A file rejected as a whole supersedes nothing. -#}
{% macro latest_submission_files(family) -%}
    select file_sha256
    from (
        select
            file_sha256,
            row_number() over (
                partition by sender_id, period
                order by received_at desc, file_sha256 desc
            ) as version_rank
        from {{ source('warehouse', 'files') }}
        where family = '{{ family }}' and status = 'loaded'
    ) as ranked
    where version_rank = 1
{%- endmacro %}
