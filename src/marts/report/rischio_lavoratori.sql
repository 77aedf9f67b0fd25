-- report figures: the non-EU workers flagged on the semester's last day, as people.
-- grain: provincia, plus the report's row (provincia NULL; the report shows this one). A
--   flag with no province (a worker with no rapporto active on the day and none ended
--   before it, only rapporti starting later) counts in the report's row only: a row of
--   its own would be a second row with provincia NULL.
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
HAVING grouping(provincia) = 1 OR provincia IS NOT NULL
ORDER BY provincia NULLS LAST

-- test: one row per province and one report's row
SELECT provincia, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1
UNION ALL
SELECT NULL, 0 WHERE NOT EXISTS (SELECT 1 FROM {{table}} WHERE provincia IS NULL)

-- test: the workers with two flags are some of the workers flagged
SELECT * FROM {{table}} WHERE NOT con_due_segnalazioni BETWEEN 0 AND lavoratori

-- test: the workers of a province are some of the report's
SELECT p.* FROM {{table}} p, {{table}} r
WHERE p.provincia IS NOT NULL AND r.provincia IS NULL
  AND (p.lavoratori > r.lavoratori OR p.con_due_segnalazioni > r.con_due_segnalazioni)
