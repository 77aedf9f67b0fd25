-- Loads the valid rows of one INPS open-data file of cassa integrazione hours (after
-- checked_inps_cig.sql) into inps_ore_cig: hours, never a count of people.
INSERT INTO inps_ore_cig (batch_id, riga, anno, mese, periodo_inizio, livello, provincia, codice_provincia, codice_regione,
                          gestione, gestione_scritta, ramo, ore_autorizzate)
SELECT $batch_id, line, anno, mese, periodo_inizio, livello, provincia, codice_provincia, codice_regione,
       gestione, gestione_scritta, ramo, ore_autorizzate
FROM inps_cig_checked($path, $delim, $columns)
WHERE NOT failed
