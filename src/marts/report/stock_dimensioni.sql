-- report figures: the stock on the semester's last day ($fine), one dimension at a time.
-- grain: gruppo (ITA, UE, NUE on $fine, or TOTALE) x dimensione (totale, provincia, sesso,
--   ateco_sezione, gruppo_contratto) x valore.
-- columns: rapporti_attivi (rapporti active on $fine, R5), lavoratori_attivi (distinct
--   workers: counted again here, because a worker with two rapporti is one person and
--   the ORIM cells of the co_stock_* tables do not add up to people).
WITH attivi AS (
  SELECT r.lavoratore_id, r.provincia, l.sesso, coalesce(r.ateco_sezione, '?') AS ateco_sezione, r.gruppo_contratto,
         gruppo_cittadinanza(l.cittadinanza, $fine::DATE) AS gruppo_cittadinanza
  FROM rapporti r JOIN lavoratori l USING (lavoratore_id)
  WHERE r.data_inizio <= $fine::DATE AND (r.fine IS NULL OR r.fine >= $fine::DATE)
    AND ($province::VARCHAR IS NULL OR r.provincia = $province::VARCHAR)
)
SELECT CASE WHEN grouping(gruppo_cittadinanza) = 1 THEN 'TOTALE' ELSE gruppo_cittadinanza END AS gruppo,
       CASE WHEN grouping(provincia) = 0 THEN 'provincia'
            WHEN grouping(sesso) = 0 THEN 'sesso'
            WHEN grouping(ateco_sezione) = 0 THEN 'ateco_sezione'
            WHEN grouping(gruppo_contratto) = 0 THEN 'gruppo_contratto'
            ELSE 'totale' END AS dimensione,
       CASE WHEN grouping(provincia) = 0 THEN provincia
            WHEN grouping(sesso) = 0 THEN sesso
            WHEN grouping(ateco_sezione) = 0 THEN ateco_sezione
            WHEN grouping(gruppo_contratto) = 0 THEN gruppo_contratto
            ELSE '' END AS valore,
       count(*) AS rapporti_attivi, count(DISTINCT lavoratore_id) AS lavoratori_attivi
FROM attivi
GROUP BY GROUPING SETS (
  (), (gruppo_cittadinanza),
  (provincia), (gruppo_cittadinanza, provincia),
  (sesso), (gruppo_cittadinanza, sesso),
  (ateco_sezione), (gruppo_cittadinanza, ateco_sezione),
  (gruppo_contratto), (gruppo_cittadinanza, gruppo_contratto)
)
ORDER BY gruppo, dimensione, valore

-- test: one row per group, dimension and value
SELECT gruppo, dimensione, valore, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1

-- test: one of the five dimensions
SELECT * FROM {{table}} WHERE dimensione NOT IN ('totale', 'provincia', 'sesso', 'ateco_sezione', 'gruppo_contratto')

-- test: workers are at most the rapporti they hold, and at least one when there is a rapporto
SELECT * FROM {{table}} WHERE lavoratori_attivi > rapporti_attivi OR (rapporti_attivi > 0 AND lavoratori_attivi < 1)

-- test: the rapporti of each dimension add up to the totale row of the group
WITH parti AS (
  SELECT gruppo, dimensione, sum(rapporti_attivi) AS rapporti_attivi
  FROM {{table}} WHERE dimensione <> 'totale' GROUP BY ALL
)
SELECT p.*, t.rapporti_attivi AS rapporti_totale
FROM parti p LEFT JOIN {{table}} t ON t.dimensione = 'totale' AND t.gruppo IS NOT DISTINCT FROM p.gruppo
WHERE p.rapporti_attivi IS DISTINCT FROM t.rapporti_attivi

-- test: the rapporti of the citizenship groups add up to the TOTALE row of the same breakdown
WITH gruppi AS (
  SELECT dimensione, valore, sum(rapporti_attivi) AS rapporti_attivi
  FROM {{table}} WHERE gruppo IS DISTINCT FROM 'TOTALE' GROUP BY ALL
)
SELECT t.*, g.rapporti_attivi AS rapporti_gruppi
FROM {{table}} t LEFT JOIN gruppi g ON g.dimensione = t.dimensione AND g.valore IS NOT DISTINCT FROM t.valore
WHERE t.gruppo = 'TOTALE' AND t.rapporti_attivi IS DISTINCT FROM coalesce(g.rapporti_attivi, 0)

-- test: the workers of a value are some of those of the totale row, of a group some of those of TOTALE
SELECT p.*
FROM {{table}} p
JOIN {{table}} t
  ON (t.dimensione = 'totale' AND t.gruppo IS NOT DISTINCT FROM p.gruppo)
  OR (t.gruppo = 'TOTALE' AND t.dimensione = p.dimensione AND t.valore IS NOT DISTINCT FROM p.valore)
WHERE p.lavoratori_attivi > t.lavoratori_attivi
