-- The latest semester the CO data cover: each of its six months in normal volume
-- (mesi_invio, src/db/monthly_volume.sql), for the region.
-- grain: one row, or none when no semester is covered.
-- columns: semestre (YYYY-H1 or YYYY-H2).
SELECT year(mese) || '-H' || CASE WHEN month(mese) <= 6 THEN '1' ELSE '2' END AS semestre
FROM mesi_invio('co_comunicazioni', NULL)
WHERE normale
GROUP BY semestre
HAVING count(*) = 6
ORDER BY semestre DESC
LIMIT 1

-- test: one row at most, a semester
SELECT count(*) AS righe, min(semestre) AS semestre FROM {{table}}
HAVING count(*) > 1 OR NOT coalesce(bool_and(regexp_full_match(semestre, '[0-9]{4}-H[12]')), true)
