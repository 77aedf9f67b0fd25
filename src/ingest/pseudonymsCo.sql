-- Pass 1 over a CO file, run only when it has lavoratore_cf or datore_cf columns.
-- Grain: one row per distinct raw codice fiscale of the file (workers and employers).
-- Columns: cf (raw, normalised), valido (check character right), pseudonimo.
-- The raw values live only in this temporary in-memory table for the file's
-- transaction; each distinct value is hashed once, however many rows carry it.
CREATE OR REPLACE TEMP TABLE co_pseudonyms AS
WITH distinct_cf AS (
  SELECT DISTINCT cf FROM (
    SELECT unnest([upper(trim(lavoratore_cf)), upper(trim(datore_cf))]) AS cf
    FROM (SELECT * {{missing_columns}}
          FROM read_csv($path, delim = $delim, quote = '"', escape = '"', header = true, auto_detect = false,
                        columns = $columns, ignore_errors = true)))
  WHERE cf IS NOT NULL AND cf <> ''
)
SELECT cf,
       CASE length(cf) WHEN 16 THEN cf_persona_valido(cf) WHEN 11 THEN cf_impresa_valido(cf) ELSE false END AS valido,
       co_hmac($ipad, $opad, cf) AS pseudonimo
FROM distinct_cf
