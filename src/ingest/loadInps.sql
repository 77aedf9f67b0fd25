-- Loads the valid rows of one INPS extract (after checkedInps.sql).
INSERT INTO inps_beneficiari
SELECT $batch_id, line, periodo, periodo_tipo, periodo_inizio, periodo_fine, provincia, codice_provincia, prestazione,
       cittadinanza, gruppo_cittadinanza, sesso, beneficiari, ore_autorizzate
FROM inps_checked($path, $delim, $columns)
WHERE NOT failed
