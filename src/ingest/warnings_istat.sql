-- The checks of one loaded ISTAT batch (resident population or permits), as rows to warn about.
-- Grain: one row per finding. problema:
--   totale_incoerente: a total that differs from the sum of its provinces in the same file,
--     for the same year, sex, age and citizenship (and permit type and reason): a region's
--     always; a macro-area's or Italy's only when the file has provinces of every region of it;
--   ue28_con_regno_unito: rows of the EU28 aggregate after the United Kingdom left (somma = rows);
--   milano_con_monza: every Lombard province but Monza e della Brianza (IT108): ISTAT's 2009
--     list, where Milano (ITC45) includes Monza (somma = Milano's rows).
-- {{table}} (istat_residenti or istat_permessi) and {{value}} (its count column) are fixed by the code.
WITH keyed AS (
  SELECT *, {{value}} AS n,
         concat_ws('|', anno, sesso, eta, coalesce(cittadinanza, ''), coalesce(aggregato, ''),
                   COLUMNS(c -> c IN ('tipo_permesso', 'motivo_permesso', 'gruppo_cittadinanza'))) AS k
  FROM {{table}} WHERE batch_id = $batch_id
),
province AS (SELECT * FROM keyed WHERE livello = 'provincia'),
regions_of AS (SELECT DISTINCT codice_regione, istat_ripartizione(codice_regione) AS ripartizione FROM ref_province),
covered AS (
  -- the areas whose every region has provinces in the file
  SELECT 'ripartizione' AS livello, ripartizione AS area FROM regions_of r
  GROUP BY ALL HAVING count(*) = count(*) FILTER (WHERE codice_regione IN (SELECT codice_regione FROM province))
  UNION ALL
  SELECT 'italia', '' FROM regions_of
  HAVING count(*) = count(*) FILTER (WHERE codice_regione IN (SELECT codice_regione FROM province))
),
parts AS (
  SELECT 'regione' AS livello, codice_regione AS area, k, sum(n) AS somma FROM province GROUP BY ALL
  UNION ALL SELECT 'ripartizione', ripartizione, k, sum(n) FROM province GROUP BY ALL
  UNION ALL SELECT 'italia', '', k, sum(n) FROM province GROUP BY ALL
),
totals AS (
  SELECT *, CASE livello WHEN 'regione' THEN codice_regione WHEN 'ripartizione' THEN ripartizione ELSE '' END AS area
  FROM keyed WHERE livello IN ('regione', 'ripartizione', 'italia')
)
SELECT concat_ws(' ', t.livello, nullif(t.area, '')) AS codice, t.riga::VARCHAR AS riga, t.anno, t.sesso,
       t.n::VARCHAR AS totale, p.somma::VARCHAR AS somma, 'totale_incoerente' AS problema
FROM totals t JOIN parts p USING (livello, area, k)
WHERE p.somma <> t.n AND (t.livello = 'regione' OR EXISTS (SELECT 1 FROM covered c WHERE c.livello = t.livello AND c.area = t.area))
UNION ALL
SELECT NULL, NULL, min(anno), NULL, NULL, count(*)::VARCHAR, 'ue28_con_regno_unito'
FROM keyed WHERE aggregato = 'EU28' AND data_riferimento > DATE '2020-01-31' HAVING count(*) > 0
UNION ALL
SELECT NULL, NULL, min(anno), NULL, NULL, count(*)::VARCHAR, 'milano_con_monza'
FROM province WHERE provincia = 'MI'
-- every other Lombard province is there: Monza is missing, not out of the extract's scope
HAVING count(*) > 0 AND NOT EXISTS (SELECT 1 FROM province WHERE provincia = 'MB')
   AND (SELECT count(DISTINCT provincia) FROM province WHERE codice_regione = '03') = 11
ORDER BY problema, riga
