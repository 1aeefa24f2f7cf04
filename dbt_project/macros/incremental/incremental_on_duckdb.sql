{#- Incremental models (docs/performance.md, round 8). On DuckDB a large model is built incrementally each
    night; on Spark it stays a table rebuilt whole (Parquet tables cannot delete rows). A full refresh
    rebuilds it from all of history: orchestration/incremental_state.py asks for one whenever the
    project (models, macros, seeds, vars) or the served province differs from the last full build. -#}
{% macro materialized_incremental_on_duckdb() -%}
    {{ return('incremental' if target.type == 'duckdb' else 'table') }}
{%- endmacro %}


{#- The last clause of a model incremental by year: its rows written in year order, so each year fills row groups
    of its own. A night deletes the years whose inputs changed; rows of one year scattered over every row group
    (as a hash join leaves them) made DuckDB's next checkpoint rewrite every row group of the table, 3-6 s for
    the registry's 12 M rows after five years, where a year in row groups of its own is dropped whole (0.0 s).
    Spark rebuilds these tables whole and never deletes: no order there. -#}
{% macro in_year_blocks(year_column='year_inputs.year') -%}
    {%- if target.type == 'duckdb' %}
order by {{ year_column }}
    {%- endif %}
{%- endmacro %}


{#- An order-free checksum of a multiset of rows, from each row's 64-bit hash (osh_hash64): their count and
    their sum. Two different sets agree by chance about once in 2^64. -#}
{% macro rows_fingerprint(row_hash) -%}
    cast(count(*) as {{ dbt.type_string() }}) || ':'
        || cast(sum(cast({{ row_hash }} as decimal(38, 0))) as {{ dbt.type_string() }})
{%- endmacro %}

{#- Per year, the checksum of the rows a model incremental by year reads: each input a dict of its name, year
    column, the columns the model uses and what to read them from (a relation or a subquery). -#}
{% macro fingerprints_by_year(inputs) -%}
    select year, {{ rows_fingerprint('row_hash') }} as inputs_fingerprint
    from (
        {%- for input in inputs %}
        {% if not loop.first %}union all

        {% endif -%}
        select {{ input['year'] }} as year, {{ osh_hash64(["'" ~ input['name'] ~ "'"] + input['columns']) }} as row_hash
        from {{ input['from'] }}
        {% endfor %}
    ) as inputs
    group by year
{%- endmacro %}

{% macro osh_hash64(columns) -%}
    {{ return(adapter.dispatch('osh_hash64')(columns)) }}
{%- endmacro %}

{% macro default__osh_hash64(columns) -%}
    hash({{ columns | join(', ') }})
{%- endmacro %}

{% macro spark__osh_hash64(columns) -%}
    xxhash64({{ columns | join(', ') }})
{%- endmacro %}


{#- Incremental by source file, for a fact each of whose rows comes from one submitted file and the reference
    data alone: the pre-hook deletes the rows of files no longer current (superseded by a resubmission)... -#}
{% macro delete_files_no_longer_current(family) -%}
    {%- if is_incremental() -%}
        delete from {{ this }} where file_sha256 not in ({{ latest_submission_files(family) }})
    {%- endif -%}
{%- endmacro %}

{#- ...and the model reads only the rows of files it does not hold yet (all of them on a full refresh), named as
    constants: DuckDB then filters the source's scan by the file column before reading the others, where a
    subquery is joined after reading every column of every row (4.6 s of a national five-year night, for a few
    new files among 2,000). The list is read when the model runs, before its pre-hook: that hook deletes only
    files no longer current, which are not on it. -#}
{% macro only_files_not_yet_built(family, file_column='file_sha256') -%}
    {%- if is_incremental() -%}
        {%- set new_files = [] -%}
        {%- if execute -%}
            {%- set new_files = run_query(
                "select file_sha256 from (" ~ latest_submission_files(family) ~ ") as latest "
                ~ "where file_sha256 not in (select distinct file_sha256 from " ~ this ~ ") order by 1"
            ).columns[0].values() -%}
        {%- endif %}
        {#- checksums are hexadecimal; quoted all the same, as any text written into SQL -#}
        {%- set quoted = new_files | map('replace', "'", "''") | list %}
    where {% if quoted %}{{ file_column }} in ('{{ quoted | join("', '") }}'){% else %}false{% endif %}
    {%- endif -%}
{%- endmacro %}
