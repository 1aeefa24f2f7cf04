{#- The files that hold the latest version of each submission of a family.

    A submission is one sender × report family × period. A later file for the same key (later by
    receipt time) supersedes the earlier one wholesale; both stay in the raw layer with their
    lineage. A file rejected as a whole, or whose every row was rejected, supersedes nothing: a
    resubmission that could not be read must not erase a good report. An empty file (no rows at all,
    e.g. "no accident this half-year") does supersede. -#}
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
        where family = '{{ family }}'
            and status = 'loaded'
            and not (rows_read > 0 and rows_loaded = 0)
    ) as ranked
    where version_rank = 1
{%- endmacro %}
