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

-- test: one row per province and one regional row
SELECT provincia, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1
UNION ALL
SELECT NULL, 0 WHERE NOT EXISTS (SELECT 1 FROM {{table}} WHERE provincia IS NULL)

-- test: the re-employed are some of the workers whose rapporto ended
SELECT * FROM {{table}} WHERE NOT rioccupati BETWEEN 0 AND cessati

-- test: the regional row is the sum of the provinces (each worker in one province)
WITH province AS (
  SELECT coalesce(sum(cessati), 0) AS cessati, coalesce(sum(rioccupati), 0) AS rioccupati
  FROM {{table}} WHERE provincia IS NOT NULL
)
SELECT r.*, p.cessati AS cessati_province, p.rioccupati AS rioccupati_province
FROM {{table}} r, province p
WHERE r.provincia IS NULL AND (r.cessati <> p.cessati OR r.rioccupati <> p.rioccupati)
