-- The valid rows of one CO file, typed and pseudonymised, held in a temporary table
-- inside the file's transaction, so that R2 (dedupe_co.sql) is decided before any row
-- is written to co_comunicazioni. Inserting rows and deleting some of them again in
-- the same transaction makes DuckDB rewrite the file's new row groups at commit
-- (measured: about 1 s for a 370,000-row file, growing with the database).
-- Grain: one row per valid record of the file; line: where it starts in the file;
-- cf_esito: the worker-code findings, for warnings_co.sql only (not stored).
CREATE OR REPLACE TEMP TABLE co_stage AS
SELECT line, codice_comunicazione, tipo_comunicazione, codice_comunicazione_prec, tipo_evento, data_invio,
       lavoratore_id, sesso, data_nascita, cittadinanza, titolo_soggiorno, motivo_permesso, scadenza_permesso,
       datore_id, datore_ateco, sede_comune, provincia, codice_provincia, data_inizio, data_fine, data_evento,
       tipo_contratto, codice_trasformazione, motivo_cessazione, tipo_orario, qualifica, cf_esito
FROM co_checked($path, $delim, $columns)
WHERE NOT failed
