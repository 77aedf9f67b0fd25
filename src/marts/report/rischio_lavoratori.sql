-- report figures: the non-EU workers flagged on the semester's last day, as people.
-- grain: provincia, plus the report's row (provincia NULL; the report shows this one).
-- columns: provincia, lavoratori (distinct workers with at least one flag),
--   con_due_segnalazioni (workers with both CONTRACT_ENDING and PERMIT_AT_RISK), so that the
--   flags of a province (rischio.sql) = lavoratori + con_due_segnalazioni: a worker's flags
--   share one province, that of the rapporto deciding them (flags.sql).
-- reads: the flag list (src/marts/flags.sql, the slot below) over the point-in-time
--   models of $as_of, the semester's last day, within the report's province when it has one.
WITH per_lavoratore AS (
  SELECT lavoratore_id, provincia, count(*) AS segnalazioni
  FROM ({{flags}})
  WHERE $province::VARCHAR IS NULL OR provincia = $province::VARCHAR
  GROUP BY ALL
)
SELECT provincia, count(DISTINCT lavoratore_id) AS lavoratori,
       count(*) FILTER (WHERE segnalazioni > 1) AS con_due_segnalazioni
FROM per_lavoratore
GROUP BY ROLLUP (provincia)
ORDER BY provincia NULLS LAST
