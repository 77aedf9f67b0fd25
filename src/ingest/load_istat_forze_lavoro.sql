-- Loads the valid rows of one ISTAT labour-force extract (after checked_istat_forze_lavoro.sql).
INSERT INTO istat_forze_lavoro
SELECT $batch_id, line, indicatore, periodo, anno, trimestre, livello, provincia, codice_provincia, codice_regione,
       sesso, eta, gruppo_cittadinanza, tasso
FROM istat_forze_lavoro_checked($path, $delim, $columns)
WHERE NOT failed
