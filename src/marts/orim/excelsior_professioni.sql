-- ORIM table excelsior_professioni (schema version 2).
-- grain: semestre x provincia x grande_gruppo (CP2011 major group, the first digit: 1-9).
--   Excelsior does not split hires by citizenship group: entrate_immigrati is its own column.
-- primary key: semestre, provincia, grande_gruppo.
-- columns: semestre, provincia, codice_provincia, grande_gruppo, entrate_previste (planned
--   hires of the semester's months, summed), entrate_immigrati, entrate_difficile_reperimento
--   (of which; NULL where a row summed does not give them).
-- Choices: monthly rows only (a year row is not a semester's), province level, all sectors
--   (ateco NULL: the occupations of one sector are a part of the province's, and an export
--   need not list every sector), rows with an occupation. Each cell (month, province,
--   occupation code) counts in its latest ingest. An occupation and its parts are never added
--   together: in each month, province and major group the rows of the coarsest CP2011 level
--   the export gives are summed (the group's own row, else its level-2 groups, and so on), so
--   a group listed only through some of its occupations sums those. Survey estimates
--   Unioncamere publishes, rounded to tens, not counts of our records: not through the
--   small-count rule (docs/orim-schema-2.md).
WITH latest AS (
  SELECT *, split_part(professione, '.', 1) AS grande_gruppo FROM excelsior_entrate
  WHERE periodo_tipo = 'M' AND periodo_inizio BETWEEN $inizio::DATE AND $fine::DATE AND livello = 'provincia'
    AND ateco IS NULL AND professione IS NOT NULL
  QUALIFY batch_id = max(batch_id) OVER (PARTITION BY periodo, provincia, professione)
),
coarsest AS (
  SELECT * FROM latest
  QUALIFY professione_livello = min(professione_livello) OVER (PARTITION BY periodo, provincia, grande_gruppo)
)
SELECT $semestre AS semestre, provincia, codice_provincia, grande_gruppo,
       sum(entrate_previste)::BIGINT AS entrate_previste,
       CASE WHEN count(entrate_immigrati) = count(*) THEN sum(entrate_immigrati) END::BIGINT AS entrate_immigrati,
       CASE WHEN count(entrate_difficile_reperimento) = count(*) THEN sum(entrate_difficile_reperimento) END::BIGINT AS entrate_difficile_reperimento
FROM coarsest GROUP BY ALL ORDER BY ALL

-- test: unique primary key
SELECT semestre, provincia, grande_gruppo, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1

-- test: a CP2011 major group
SELECT * FROM {{table}} WHERE grande_gruppo NOT IN (SELECT codice FROM ref_cp2011 WHERE livello::INTEGER = 1)

-- test: the parts are at most the whole
SELECT * FROM {{table}} WHERE entrate_immigrati > entrate_previste OR entrate_difficile_reperimento > entrate_previste
