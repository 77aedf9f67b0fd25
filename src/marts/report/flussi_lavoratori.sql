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
