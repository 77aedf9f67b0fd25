-- report figures: re-employment within 90 days of non-EU workers.
-- grain: provincia (of the rapporto that ended), plus a regional row (provincia NULL).
-- Who: workers of group NUE (on the end date) with a rapporto ending in [$inizio, $fine]
--   (communicated cessation or planned end, R5); each worker once, at the last such end
--   (with its province). Re-employed: an activation (effective ASS) of the same worker
--   starting in the 90 days after that end (day 1 to day 90).
-- columns: provincia, cessati, rioccupati (the share is provisional while the data end
--   less than 90 days after $fine: the caller compares the dates).
WITH cessati AS (
  SELECT r.lavoratore_id, max(r.fine) AS fine, arg_max(r.provincia, r.fine) AS provincia
  FROM rapporti r JOIN lavoratori l USING (lavoratore_id)
  WHERE r.fine BETWEEN $inizio::DATE AND $fine::DATE
    AND r.fine <= (SELECT max(data_invio)::DATE FROM co_comunicazioni)  -- ended by the end of the data
    AND gruppo_cittadinanza(l.cittadinanza, r.fine) = 'NUE'
  GROUP BY r.lavoratore_id
),
esiti AS (
  SELECT c.provincia,
         EXISTS (SELECT 1 FROM co_effettive e
                 WHERE e.lavoratore_id = c.lavoratore_id AND e.tipo_evento = 'ASS'
                   AND e.data_inizio > c.fine AND e.data_inizio <= c.fine + 90) AS rioccupato
  FROM cessati c
  WHERE $province::VARCHAR IS NULL OR c.provincia = $province::VARCHAR
)
SELECT provincia, count(*) AS cessati, count(*) FILTER (WHERE rioccupato) AS rioccupati
FROM esiti
GROUP BY ROLLUP (provincia)
ORDER BY provincia NULLS LAST
