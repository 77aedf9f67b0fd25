-- The number styles the number columns of one file show (it_values.sql,
-- it_number_style). Grain: one row per style found (IT, EN). Columns: style, n
-- (values of that style), line, col, val (the first such value). {{columns}} are
-- the file's number columns, a fixed list chosen by the code.
WITH v AS (
  UNPIVOT (SELECT __riga__ AS line, {{columns}}
           FROM read_csv($path, delim = $delim, quote = '"', escape = '"', header = true, auto_detect = false, columns = $columns))
  ON COLUMNS(* EXCLUDE (line)) INTO NAME col VALUE val
),
styled AS (SELECT line, col, trim(val) AS val, it_number_style(trim(val)) AS style FROM v)
SELECT style, count(*)::INTEGER AS n, min(line)::INTEGER AS line, arg_min(col, line) AS col, arg_min(val, line) AS val
FROM styled WHERE style IS NOT NULL
GROUP BY style ORDER BY style
