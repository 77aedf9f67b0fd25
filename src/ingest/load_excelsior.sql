-- Loads the valid rows of one Excelsior export (after checked_excelsior.sql).
INSERT INTO excelsior_entrate (batch_id, riga, periodo, periodo_tipo, periodo_inizio, periodo_fine, livello, provincia,
                               codice_provincia, codice_regione, ateco, ateco_sezione, professione, professione_livello,
                               entrate_previste, entrate_immigrati, entrate_difficile_reperimento)
SELECT $batch_id, line, periodo, periodo_tipo, periodo_inizio, periodo_fine, livello, provincia, codice_provincia,
       codice_regione, ateco, ateco_sezione, professione, professione_livello, entrate_previste, entrate_immigrati,
       entrate_difficile_reperimento
FROM excelsior_checked($path, $delim, $columns)
WHERE NOT failed
