-- Pass 1 over a CO file: what must be known before rows are typed and loaded.
-- {{...}} are identifier lists built from the column contract, never from file content.

-- Grain: one row for the file. records: well-formed records; cf: the distinct raw
-- codici fiscali (workers and employers); multiline: records whose quoted fields
-- hold line breaks (rec, nl). Malformed records land in co_rejects_errors.
CREATE OR REPLACE TEMP TABLE co_scan AS
SELECT count(*) AS records,
       coalesce(list(DISTINCT lavoratore_cf) FILTER (WHERE lavoratore_cf IS NOT NULL), [])
         || coalesce(list(DISTINCT datore_cf) FILTER (WHERE datore_cf IS NOT NULL), []) AS cf,
       list({'rec': ordinality, 'nl': nl}) FILTER (WHERE nl > 0) AS multiline
FROM (
  SELECT ordinality, {{newlines}} AS nl,
         nullif(upper(trim(lavoratore_cf)), '') AS lavoratore_cf, nullif(upper(trim(datore_cf)), '') AS datore_cf
  FROM (SELECT * {{missing_columns}}
        FROM read_csv($path, delim = $delim, quote = '"', escape = '"', header = true, auto_detect = false,
                      columns = $columns, store_rejects = true,
                      rejects_scan = 'co_rejects_scan', rejects_table = 'co_rejects_errors') WITH ORDINALITY)
);

-- Grain: one row per distinct raw codice fiscale of the file. The raw values live
-- only in this temporary in-memory table during the file's transaction; each is
-- hashed once, however many rows carry it.
CREATE OR REPLACE TEMP TABLE co_pseudonyms AS
SELECT cf,
       CASE length(cf) WHEN 16 THEN cf_persona_valido(cf) WHEN 11 THEN cf_impresa_valido(cf) ELSE false END AS valido,
       co_hmac($ipad, $opad, cf) AS pseudonimo
FROM (SELECT DISTINCT unnest(cf) AS cf FROM co_scan);

-- Line numbers as a text editor shows them. DuckDB numbers well-formed records in
-- order (rec) and reports malformed ones by record number (header = 1); a record
-- whose quoted fields hold line breaks takes several lines. Both shift the lines of
-- the records after them.
-- Grain: one row per malformed record: record number, first error, line breaks inside.
CREATE OR REPLACE TEMP TABLE co_bad AS
SELECT line AS record_no,
       first(error_type ORDER BY column_idx) AS error_type,
       first(column_name ORDER BY column_idx) AS column_name,
       max(length(coalesce(csv_line, '')) - length(replace(coalesce(csv_line, ''), chr(10), ''))) AS nl,
FROM co_rejects_errors
GROUP BY line;

-- Grain: one row per position where the shift changes: from rec = pos onwards, line = rec + 1 + shift.
CREATE OR REPLACE TEMP TABLE co_line_shift AS
WITH good AS (SELECT unnest(multiline, recursive := true) FROM co_scan),
events AS (
  SELECT rec + 1 AS pos, nl AS delta FROM good
  UNION ALL
  SELECT record_no - row_number() OVER (ORDER BY record_no), 1 + nl FROM co_bad
)
SELECT pos, sum(sum(delta)) OVER (ORDER BY pos) AS shift FROM events GROUP BY pos;

-- Grain: one row per malformed record, at its line: its record number plus the line
-- breaks inside the records before it.
CREATE OR REPLACE TEMP TABLE co_bad_lines AS
WITH bad AS (
  SELECT record_no, error_type, column_name,
         record_no - row_number() OVER (ORDER BY record_no) AS pos,
         coalesce(sum(nl) OVER (ORDER BY record_no ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS nl_bad_before
  FROM co_bad
),
good AS (
  SELECT rec + 1 AS pos, sum(nl) OVER (ORDER BY rec) AS nl_before
  FROM (SELECT unnest(multiline, recursive := true) FROM co_scan)
)
SELECT b.record_no + b.nl_bad_before + coalesce(g.nl_before, 0) AS line, b.error_type, b.column_name
FROM bad b ASOF LEFT JOIN good g ON b.pos >= g.pos;
