-- Line numbers as a text editor shows them, for any kind of extract. Runs after a
-- pass-1 scan that made ingest_scan (records, multiline) and, through store_rejects,
-- ingest_rejects_errors (the records DuckDB could not split into the header's columns).
-- order (rec) and reports malformed ones by record number (header = 1); a record
-- whose quoted fields hold line breaks takes several lines. Both shift the lines of
-- the records after them.
-- Grain: one row per malformed record: record number, first error, line breaks inside.
CREATE OR REPLACE TEMP TABLE ingest_bad AS
SELECT line AS record_no,
       first(error_type ORDER BY column_idx) AS error_type,
       first(column_name ORDER BY column_idx) AS column_name,
       max(length(coalesce(csv_line, '')) - length(replace(coalesce(csv_line, ''), chr(10), ''))) AS nl,
FROM ingest_rejects_errors
GROUP BY line;

-- Grain: one row per position where the shift changes: from rec = pos onwards, line = rec + 1 + shift.
CREATE OR REPLACE TEMP TABLE ingest_line_shift AS
WITH good AS (SELECT unnest(multiline, recursive := true) FROM ingest_scan),
events AS (
  SELECT rec + 1 AS pos, nl AS delta FROM good
  UNION ALL
  SELECT record_no - row_number() OVER (ORDER BY record_no), 1 + nl FROM ingest_bad
)
SELECT pos, sum(sum(delta)) OVER (ORDER BY pos) AS shift FROM events GROUP BY pos;

-- Grain: one row per malformed record, at its line: its record number plus the line
-- breaks inside the records before it.
CREATE OR REPLACE TEMP TABLE ingest_bad_lines AS
WITH bad AS (
  SELECT record_no, error_type, column_name,
         record_no - row_number() OVER (ORDER BY record_no) AS pos,
         coalesce(sum(nl) OVER (ORDER BY record_no ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS nl_bad_before
  FROM ingest_bad
),
good AS (
  SELECT rec + 1 AS pos, sum(nl) OVER (ORDER BY rec) AS nl_before
  FROM (SELECT unnest(multiline, recursive := true) FROM ingest_scan)
)
SELECT b.record_no + b.nl_bad_before + coalesce(g.nl_before, 0) AS line, b.error_type, b.column_name
FROM bad b ASOF LEFT JOIN good g ON b.pos >= g.pos;
