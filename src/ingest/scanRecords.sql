-- Pass 1 over an extract without codici fiscali (INPS, ISTAT): records, records
-- spanning lines, malformed records (lineNumbers.sql follows it).
-- Grain: one row for the file.
CREATE OR REPLACE TEMP TABLE ingest_scan AS
SELECT count(*) AS records,
       list({'rec': rec, 'nl': nl}) FILTER (WHERE nl > 0) AS multiline
FROM (
  SELECT {{rec}} AS rec, {{newlines}} AS nl
  FROM read_csv($path, delim = $delim, quote = '"', escape = '"', header = true, auto_detect = false,
                columns = $columns, store_rejects = true,
                rejects_scan = 'ingest_rejects_scan', rejects_table = 'ingest_rejects_errors') {{with_ordinality}}
)
