-- Coverage of a semester, month by month: its communications by month of data_invio
-- against normal volume (mesi_invio, src/db/monthly_volume.sql), for the region or one
-- province (the province's months measured against the province's own median).
-- grain: one row per month of the semester (six).
-- columns: mese (YYYY-MM), comunicazioni, soglia (half the median month), stato
-- (normale; scarso: below the bar; mancante: no communication at all).
-- $inizio, $fine: the semester's first and last day; $provincia: a code or NULL.
WITH volume AS (FROM mesi_invio('co_comunicazioni', $provincia::VARCHAR)),
bar AS (SELECT any_value(soglia) AS soglia FROM volume),
months AS (SELECT unnest(generate_series($inizio::DATE, $fine::DATE, INTERVAL 1 MONTH))::DATE AS mese)
SELECT strftime(m.mese, '%Y-%m') AS mese, coalesce(v.comunicazioni, 0)::BIGINT AS comunicazioni, bar.soglia,
       CASE WHEN v.mese IS NULL THEN 'mancante' WHEN v.normale THEN 'normale' ELSE 'scarso' END AS stato
FROM months m CROSS JOIN bar LEFT JOIN volume v USING (mese)
ORDER BY m.mese

-- test: the six months of the semester, each once
SELECT count(*) AS mesi, count(DISTINCT mese) AS distinti, min(mese) AS primo, max(mese) AS ultimo FROM {{table}}
HAVING count(*) <> 6 OR count(DISTINCT mese) <> 6
    OR min(mese) <> strftime($inizio::DATE, '%Y-%m') OR max(mese) <> strftime($fine::DATE, '%Y-%m')

-- test: one bar for every month
SELECT count(DISTINCT soglia) AS soglie FROM {{table}} HAVING count(DISTINCT soglia) > 1

-- test: a month is mancante exactly when it has no communication
SELECT * FROM {{table}}
WHERE stato NOT IN ('normale', 'scarso', 'mancante') OR (stato = 'mancante') <> (comunicazioni = 0)

-- test: a month with communications is normale exactly when it reaches the bar
SELECT * FROM {{table}} WHERE stato <> 'mancante' AND (stato = 'normale') IS DISTINCT FROM (comunicazioni >= soglia)
