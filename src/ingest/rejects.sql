-- Rejects of the rows of one file that failed a check (any kind, through its
-- checked-rows macro {{checked}}): one row per failed check, with the value as the
-- copy holds it (codici fiscali pseudonymised or masked). Run only when typed rows
-- were rejected, so a clean file is typed once. The lines that are not records are
-- written apart (reject_lines.sql).

-- Grain: one row per rejected well-formed record (temporary; no raw codice fiscale in it).
CREATE OR REPLACE TEMP TABLE ingest_failed AS
SELECT * EXCLUDE (failed) FROM {{checked}}($path, $delim, $columns) WHERE failed;

INSERT INTO rejects
WITH checks AS (
  UNPIVOT (SELECT line, COLUMNS('^chk_') FROM ingest_failed) ON COLUMNS('^chk_') INTO NAME chk VALUE failed
),
failures AS (
  SELECT line, split_part(substr(chk, 5), '__', 1) AS col, split_part(chk, '__', 2) AS code
  FROM checks WHERE failed
),
vals AS (
  UNPIVOT (SELECT line, COLUMNS('^v_') FROM ingest_failed) ON COLUMNS('^v_') INTO NAME v VALUE val
)
SELECT $batch_id, $file_name, f.line, f.col, vals.val, f.code, r.reason
FROM failures f
LEFT JOIN vals ON vals.line = f.line AND vals.v = 'v_' || f.col
JOIN reject_reasons r ON r.code = f.code
ORDER BY f.line, f.col
