-- ORIM table excelsior_entrate (schema version 2).
-- grain: semestre x provincia x ateco_sezione (TOTALE for all sectors). Excelsior does not
--   split hires by citizenship group: entrate_immigrati is its own column.
-- primary key: semestre, provincia, ateco_sezione.
-- columns: semestre, provincia, codice_provincia, ateco_sezione, entrate_previste (planned
--   hires of the semester's months, summed), entrate_immigrati, entrate_difficile_reperimento
--   (of which; NULL where a month of the cell does not give them).
-- Choices: monthly rows only (a year row is not a semester's), province level, every
--   occupation (professione NULL); a section row, or the all-sectors row; a division row
--   (25) is a part of its section row and is left out. Each cell (month, province, sector)
--   counts in its latest ingest. Survey estimates Unioncamere publishes, rounded to tens,
--   not counts of our records: not through the small-count rule (docs/orim-schema-2.md).
WITH latest AS (
  SELECT * FROM excelsior_entrate
  WHERE periodo_tipo = 'M' AND periodo_inizio BETWEEN $inizio::DATE AND $fine::DATE AND livello = 'provincia'
    AND professione IS NULL AND (ateco IS NULL OR ateco = ateco_sezione)
  QUALIFY batch_id = max(batch_id) OVER (PARTITION BY periodo, provincia, coalesce(ateco, '*'))
)
SELECT $semestre AS semestre, provincia, codice_provincia, coalesce(ateco, 'TOTALE') AS ateco_sezione,
       sum(entrate_previste)::BIGINT AS entrate_previste,
       CASE WHEN count(entrate_immigrati) = count(*) THEN sum(entrate_immigrati) END::BIGINT AS entrate_immigrati,
       CASE WHEN count(entrate_difficile_reperimento) = count(*) THEN sum(entrate_difficile_reperimento) END::BIGINT AS entrate_difficile_reperimento
FROM latest GROUP BY ALL ORDER BY ALL

-- test: unique primary key
SELECT semestre, provincia, ateco_sezione, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1

-- test: the parts are at most the whole
SELECT * FROM {{table}} WHERE entrate_immigrati > entrate_previste OR entrate_difficile_reperimento > entrate_previste
