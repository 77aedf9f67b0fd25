-- Loads the valid rows of one ISTAT residence-permit extract (after checked_istat_permessi.sql).
INSERT INTO istat_permessi
SELECT $batch_id, line, anno, data_riferimento, livello, provincia, codice_provincia, codice_regione, ripartizione,
       cittadinanza, aggregato, sesso, eta, tipo_permesso, motivo_permesso, permessi, totale
FROM istat_permessi_checked($path, $delim, $columns)
WHERE NOT failed
