-- A region's (or Italy's) total row of this batch that differs from the sum of its
-- provinces in the same file, for the same year, sex, age and citizenship.
-- Grain: one row per incoherent total. Only provinces of the total's region count.
WITH rows AS (SELECT * FROM istat_residenti WHERE batch_id = $batch_id),
totals AS (SELECT * FROM rows WHERE livello = 'regione'),
parts AS (
  SELECT codice_regione, anno, sesso, eta, gruppo_cittadinanza, coalesce(cittadinanza, '') AS citt, sum(residenti) AS somma
  FROM rows WHERE livello = 'provincia' GROUP BY ALL
)
SELECT t.riga, t.codice_regione, t.anno, t.sesso, t.residenti, p.somma
FROM totals t JOIN parts p ON p.codice_regione = t.codice_regione AND p.anno = t.anno AND p.sesso = t.sesso
  AND p.eta = t.eta AND p.gruppo_cittadinanza = t.gruppo_cittadinanza AND p.citt = coalesce(t.cittadinanza, '')
WHERE p.somma <> t.residenti
ORDER BY t.riga
