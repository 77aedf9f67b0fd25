-- Pass 1 over a CO file: what must be known before rows are typed and loaded
-- (lineNumbers.sql follows it).
-- {{...}} are identifier lists built from the column contract, never from file content.

-- Grain: one row per well-formed record: its number, its line breaks inside quoted
-- fields, its raw codici fiscali (temporary, in memory). Malformed records land in
-- ingest_rejects_errors. Three narrow columns: cheaper to keep than to aggregate
-- while reading.
CREATE OR REPLACE TEMP TABLE ingest_pass1 AS
SELECT {{rec}} AS rec, {{newlines}} AS nl,
       nullif(upper({{trim}}(lavoratore_cf)), '') AS lavoratore_cf, nullif(upper({{trim}}(datore_cf)), '') AS datore_cf
FROM (SELECT * {{missing_columns}}
      FROM read_csv($path, delim = $delim, quote = '"', escape = '"', header = true, auto_detect = false,
                    columns = $columns, store_rejects = true,
                    rejects_scan = 'ingest_rejects_scan', rejects_table = 'ingest_rejects_errors') {{with_ordinality}});

-- Grain: one row for the file. records: well-formed records; multiline: records
-- whose quoted fields hold line breaks (rec, nl).
CREATE OR REPLACE TEMP TABLE ingest_scan AS
SELECT count(*) AS records, list({'rec': rec, 'nl': nl}) FILTER (WHERE nl > 0) AS multiline
FROM ingest_pass1;

-- Grain: one row per distinct raw codice fiscale met by this connection's ingests so
-- far, with its check and pseudonym: the same workers and employers come back month
-- after month, and each is checked and hashed once per command, not once per file.
-- Temporary and in memory: it lives as long as the connection (one command) and is
-- never written to the database (ingestCoFile drops it when the key changes).
CREATE TEMP TABLE IF NOT EXISTS co_pseudonym_cache (cf VARCHAR, valido BOOLEAN, pseudonimo VARCHAR);

-- Grain: one row per distinct raw codice fiscale of the file. The raw values live
-- only in temporary tables.
CREATE OR REPLACE TEMP TABLE co_file_cf AS
SELECT DISTINCT cf FROM (SELECT lavoratore_cf AS cf FROM ingest_pass1 UNION ALL SELECT datore_cf FROM ingest_pass1)
WHERE cf IS NOT NULL;

-- Grain: one row per distinct raw codice fiscale of the file, with its check and
-- pseudonym: first those met before. The cache is probed by the file's values, so
-- the join's hash table holds the file's values, not the whole cache (an outer join
-- would build it on the cache: five times slower at 4 million values).
CREATE OR REPLACE TEMP TABLE co_pseudonyms AS
SELECT c.cf, c.valido, c.pseudonimo FROM co_pseudonym_cache c JOIN co_file_cf f ON c.cf = f.cf;

-- Grain: one row per codice fiscale of the file not met before: checked and hashed
-- once, however many rows carry it.
CREATE OR REPLACE TEMP TABLE co_pseudonyms_new AS
SELECT cf, CASE length(cf) WHEN 16 THEN cf_persona_valido(cf) WHEN 11 THEN cf_impresa_valido(cf) ELSE false END AS valido,
       co_hmac($ipad, $opad, cf) AS pseudonimo
FROM co_file_cf f
WHERE NOT EXISTS (SELECT 1 FROM co_pseudonyms p WHERE p.cf = f.cf);

INSERT INTO co_pseudonyms SELECT * FROM co_pseudonyms_new;

INSERT INTO co_pseudonym_cache SELECT * FROM co_pseudonyms_new
