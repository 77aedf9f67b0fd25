-- Loads the valid rows of one ISTAT extract (after checkedIstat.sql).
INSERT INTO istat_residenti
SELECT $batch_id, line, $layout, anno, data_riferimento, livello, provincia, codice_provincia, codice_regione,
       cittadinanza, gruppo_cittadinanza, sesso, eta, residenti, totale
FROM istat_checked($path, $delim, $columns)
WHERE NOT failed
