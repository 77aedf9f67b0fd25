-- Loads the valid rows of one ISTAT resident-population extract (after checked_istat.sql).
INSERT INTO istat_residenti (batch_id, riga, layout, anno, data_riferimento, livello, provincia, codice_provincia,
                             codice_regione, cittadinanza, gruppo_cittadinanza, sesso, eta, residenti, totale, aggregato, ripartizione)
SELECT $batch_id, line, $layout, anno, data_riferimento, livello, provincia, codice_provincia, codice_regione,
       cittadinanza, gruppo_cittadinanza, sesso, eta, residenti, totale, aggregato, ripartizione
FROM istat_checked($path, $delim, $columns)
WHERE NOT failed
