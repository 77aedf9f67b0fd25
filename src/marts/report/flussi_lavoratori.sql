-- report figures: distinct workers hired and ended in a semester, one dimension at a time.
-- grain: semestre x gruppo (ITA, UE, NUE, or TOTALE for all groups) x dimensione
--   (totale, provincia, sesso, classe_eta, ateco_sezione, gruppo_contratto) x valore,
--   as flussi_dimensioni.sql, whose rows these figures join.
-- columns: lavoratori_attivati (distinct workers with an activation), lavoratori_cessati
--   (distinct workers with a rapporto ended, communicated or implied), each counted over
--   the events of the semester and of that breakdown (eventi_flussi.sql, the slot below),
--   within the report's province when it has one. Not sums of cells: a worker hired twice
--   is one worker, and one hired in two provinces is a worker of each.
WITH eventi AS (
  SELECT * FROM ({{eventi_flussi}})
  WHERE tipo IN ('A', 'C', 'T') AND ($province::VARCHAR IS NULL OR provincia = $province::VARCHAR)
)
SELECT $semestre AS semestre,
       CASE WHEN grouping(gruppo_cittadinanza) = 1 THEN 'TOTALE' ELSE gruppo_cittadinanza END AS gruppo,
       CASE WHEN grouping(provincia) = 0 THEN 'provincia'
            WHEN grouping(sesso) = 0 THEN 'sesso'
            WHEN grouping(classe_eta) = 0 THEN 'classe_eta'
            WHEN grouping(ateco_sezione) = 0 THEN 'ateco_sezione'
            WHEN grouping(gruppo_contratto) = 0 THEN 'gruppo_contratto'
            ELSE 'totale' END AS dimensione,
       CASE WHEN grouping(provincia) = 0 THEN provincia
            WHEN grouping(sesso) = 0 THEN sesso
            WHEN grouping(classe_eta) = 0 THEN classe_eta
            WHEN grouping(ateco_sezione) = 0 THEN ateco_sezione
            WHEN grouping(gruppo_contratto) = 0 THEN gruppo_contratto
            ELSE '' END AS valore,
       count(DISTINCT lavoratore_id) FILTER (WHERE tipo = 'A') AS lavoratori_attivati,
       count(DISTINCT lavoratore_id) FILTER (WHERE tipo IN ('C', 'T')) AS lavoratori_cessati
FROM eventi
GROUP BY GROUPING SETS (
  (), (gruppo_cittadinanza),
  (provincia), (gruppo_cittadinanza, provincia),
  (sesso), (gruppo_cittadinanza, sesso),
  (classe_eta), (gruppo_cittadinanza, classe_eta),
  (ateco_sezione), (gruppo_cittadinanza, ateco_sezione),
  (gruppo_contratto), (gruppo_cittadinanza, gruppo_contratto)
)

-- test: one row per semester, group, dimension and value
SELECT semestre, gruppo, dimensione, valore, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1

-- test: one of the six dimensions
SELECT * FROM {{table}}
WHERE dimensione NOT IN ('totale', 'provincia', 'sesso', 'classe_eta', 'ateco_sezione', 'gruppo_contratto')

-- test: the workers of a value are some of those of the totale row, of a group some of those of TOTALE
SELECT p.*
FROM {{table}} p
JOIN {{table}} t
  ON t.semestre IS NOT DISTINCT FROM p.semestre
 AND ((t.dimensione = 'totale' AND t.gruppo IS NOT DISTINCT FROM p.gruppo)
      OR (t.gruppo = 'TOTALE' AND t.dimensione = p.dimensione AND t.valore IS NOT DISTINCT FROM p.valore))
WHERE p.lavoratori_attivati > t.lavoratori_attivati OR p.lavoratori_cessati > t.lavoratori_cessati
