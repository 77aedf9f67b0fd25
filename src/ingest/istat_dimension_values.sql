-- The values of one SDMX dimension column the flow's table does not keep.
-- Grain: one row: how many distinct non-empty values, and up to all of them joined by '|'.
-- {{column}} is the quoted column name chosen by the code.
SELECT count(DISTINCT v)::VARCHAR AS n, string_agg(DISTINCT v, '|' ORDER BY v) AS valori
FROM (SELECT nullif(upper(trim({{column}})), '') AS v
      FROM read_csv($path, delim = $delim, quote = '"', escape = '"', header = true, auto_detect = false, columns = $columns))
