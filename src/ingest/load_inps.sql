-- Loads the valid rows of one INPS extract of recipients (after checked_inps.sql):
-- province rows into inps_beneficiari, region rows (a total INPS writes, e.g.
-- Lombardia) into inps_beneficiari_regioni, kept apart and never added to provinces.
INSERT INTO inps_beneficiari (batch_id, riga, periodo, periodo_tipo, periodo_inizio, periodo_fine, provincia, codice_provincia,
                              prestazione, cittadinanza, gruppo_cittadinanza, sesso, beneficiari, ore_autorizzate)
SELECT $batch_id, line, periodo, periodo_tipo, periodo_inizio, periodo_fine, provincia, codice_provincia, prestazione,
       cittadinanza, gruppo_cittadinanza, sesso, beneficiari, ore_autorizzate
FROM inps_checked($path, $delim, $columns)
WHERE NOT failed AND livello = 'provincia';

INSERT INTO inps_beneficiari_regioni
SELECT $batch_id, line, periodo, periodo_tipo, periodo_inizio, periodo_fine, codice_regione, prestazione,
       cittadinanza, gruppo_cittadinanza, sesso, beneficiari, ore_autorizzate
FROM inps_checked($path, $delim, $columns)
WHERE NOT failed AND livello = 'regione';
