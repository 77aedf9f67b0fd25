-- Pass 1 over a CO file: what must be known before rows are typed and loaded
-- (lineNumbers.sql follows it).
-- {{...}} are identifier lists built from the column contract, never from file content.

-- Grain: one row for the file. records: well-formed records; cf: the distinct raw
-- codici fiscali (workers and employers); multiline: records whose quoted fields
-- hold line breaks (rec, nl). Malformed records land in co_rejects_errors.
CREATE OR REPLACE TEMP TABLE ingest_scan AS
SELECT count(*) AS records,
       coalesce(list(DISTINCT lavoratore_cf) FILTER (WHERE lavoratore_cf IS NOT NULL), [])
         || coalesce(list(DISTINCT datore_cf) FILTER (WHERE datore_cf IS NOT NULL), []) AS cf,
       list({'rec': rec, 'nl': nl}) FILTER (WHERE nl > 0) AS multiline
FROM (
  SELECT {{rec}} AS rec, {{newlines}} AS nl,
         nullif(upper(trim(lavoratore_cf)), '') AS lavoratore_cf, nullif(upper(trim(datore_cf)), '') AS datore_cf
  FROM (SELECT * {{missing_columns}}
        FROM read_csv($path, delim = $delim, quote = '"', escape = '"', header = true, auto_detect = false,
                      columns = $columns, store_rejects = true,
                      rejects_scan = 'ingest_rejects_scan', rejects_table = 'ingest_rejects_errors') {{with_ordinality}})
);

-- Grain: one row per distinct raw codice fiscale of the file. The raw values live
-- only in this temporary in-memory table during the file's transaction; each is
-- hashed once, however many rows carry it.
CREATE OR REPLACE TEMP TABLE co_pseudonyms AS
SELECT cf,
       CASE length(cf) WHEN 16 THEN cf_persona_valido(cf) WHEN 11 THEN cf_impresa_valido(cf) ELSE false END AS valido,
       co_hmac($ipad, $opad, cf) AS pseudonimo
FROM (SELECT DISTINCT unnest(cf) AS cf FROM ingest_scan);
