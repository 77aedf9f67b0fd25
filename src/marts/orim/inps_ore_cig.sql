-- ORIM table inps_ore_cig (schema version 2).
-- grain: semestre x provincia x gestione (CIGO, CIGS, CIGD, FIS, FONDI, or as INPS writes it).
--   Hours, not people: no citizenship group (INPS does not split hours by it).
-- primary key: semestre, provincia, gestione.
-- columns: semestre, provincia, codice_provincia, gestione, ore_autorizzate (hours INPS
--   authorised in the semester's six months, rounded to the hour; not hours used).
-- Choices, as the report's ore_cig.sql: each cell (month, province, management, sector)
--   counts in its latest ingest; a row for all sectors wins over the sum of its sector rows.
--   INPS's own rows for a whole region are not here (they are never added to provinces).
--   Hours are not a count of people: not through the small-count rule (docs/orim-schema-2.md).
WITH latest AS (
  SELECT * FROM inps_ore_cig
  WHERE periodo_inizio BETWEEN $inizio::DATE AND $fine::DATE AND livello = 'provincia'
  QUALIFY batch_id = max(batch_id) OVER (PARTITION BY anno, mese, provincia, gestione, coalesce(ramo, '*'))
),
cells AS (
  SELECT anno, mese, provincia, codice_provincia, gestione,
         coalesce(max(ore_autorizzate) FILTER (WHERE ramo IS NULL), sum(ore_autorizzate) FILTER (WHERE ramo IS NOT NULL)) AS ore
  FROM latest GROUP BY ALL
)
SELECT $semestre AS semestre, provincia, codice_provincia, gestione, round(sum(ore))::BIGINT AS ore_autorizzate
FROM cells GROUP BY ALL ORDER BY ALL

-- test: unique primary key
SELECT semestre, provincia, gestione, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1

-- test: hours are not negative
SELECT * FROM {{table}} WHERE ore_autorizzate < 0
