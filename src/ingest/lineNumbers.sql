-- Line numbers as a text editor shows them. DuckDB numbers well-formed records in
-- order (rec) and reports malformed ones by record number (header = 1); a record
-- whose quoted fields hold line breaks takes several lines. Both shift the lines of
-- the records after them. Run only when the file has malformed records or quotes.

-- Grain: one row per malformed record: its record number, first error, line breaks.
CREATE OR REPLACE TEMP TABLE co_bad AS
SELECT line AS record_no,
       first(error_type ORDER BY column_idx) AS error_type,
       first(column_name ORDER BY column_idx) AS column_name,
       max(length(coalesce(csv_line, '')) - length(replace(coalesce(csv_line, ''), chr(10), ''))) AS nl
FROM co_rejects_errors
GROUP BY line;

-- Grain: one row per position where the shift changes: from rec = pos onwards, add shift.
CREATE OR REPLACE TEMP TABLE co_line_shift AS
WITH bad AS (
  SELECT record_no, nl, record_no - row_number() OVER (ORDER BY record_no) AS pos FROM co_bad
),
events AS (
  SELECT rec + 1 AS pos, nl AS delta FROM co_stage WHERE nl > 0
  UNION ALL
  SELECT pos, 1 + nl FROM bad
)
SELECT pos, sum(sum(delta)) OVER (ORDER BY pos) AS shift FROM events GROUP BY pos;

-- Lines of the malformed records: their record number plus the line breaks inside
-- the records before them.
CREATE OR REPLACE TEMP TABLE co_bad_lines AS
WITH bad AS (
  SELECT record_no, error_type, column_name, nl,
         record_no - row_number() OVER (ORDER BY record_no) AS pos,
         coalesce(sum(nl) OVER (ORDER BY record_no ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS nl_bad_before
  FROM co_bad
),
good_nl AS (
  SELECT rec + 1 AS pos, sum(nl) OVER (ORDER BY rec) AS nl_before FROM co_stage WHERE nl > 0
)
SELECT b.record_no + b.nl_bad_before + coalesce(g.nl_before, 0) AS line, b.error_type, b.column_name
FROM bad b ASOF LEFT JOIN good_nl g ON b.pos >= g.pos;

UPDATE co_stage SET line = co_stage.rec + 1 + s.shift
FROM (SELECT c.rec, x.shift FROM co_stage c ASOF JOIN co_line_shift x ON c.rec >= x.pos) s
WHERE co_stage.rec = s.rec;
