-- Which ISTAT flow an SDMX extract is: its DATAFLOW and DATA_TYPE values.
-- Grain: one row per (dataflow, data_type) pair of the file, with its row count.
-- {{data_type}} is the column, or NULL when the file has none.
SELECT nullif(trim(dataflow), '') AS dataflow, nullif(upper(trim({{data_type}})), '') AS data_type, count(*)::VARCHAR AS n
FROM read_csv($path, delim = $delim, quote = '"', escape = '"', header = true, auto_detect = false, columns = $columns)
GROUP BY ALL
ORDER BY ALL
