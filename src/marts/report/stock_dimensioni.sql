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
