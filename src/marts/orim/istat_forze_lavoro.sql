-- ORIM table istat_forze_lavoro (schema version 2).
-- grain: periodo (the semester's year, or one of its quarters) x provincia x indicatore x
--   gruppo_cittadinanza x sesso x eta.
-- primary key: periodo, provincia, indicatore, gruppo_cittadinanza, sesso, eta.
-- columns: periodo (2025, or 2025-Q1), provincia, codice_provincia, indicatore (EMP_R
--   employment, UNEM_R unemployment, ACT_R activity, INACT_R inactivity rate),
--   gruppo_cittadinanza (ITA, STRANIERI, TOTALE as ISTAT splits them), sesso (M, F, T),
--   eta (the age class as ISTAT writes it, e.g. Y15-64), tasso (per cent, DOUBLE).
-- A rate of ISTAT's labour-force survey, an estimate already published by ISTAT, never a
-- count of our records: not through the small-count rule (docs/orim-schema-2.md). ISTAT
-- gives provinces yearly rates only, so a semester's quarters appear only if an extract has
-- them at that level. Each cell counts in its latest ingest.
SELECT periodo, provincia, codice_provincia, indicatore, gruppo_cittadinanza, sesso, eta, tasso::DOUBLE AS tasso
FROM istat_forze_lavoro
WHERE livello = 'provincia' AND anno = year($inizio::DATE)
  AND (trimestre IS NULL OR make_date(anno, 3 * trimestre - 2, 1) BETWEEN $inizio::DATE AND $fine::DATE)
QUALIFY batch_id = max(batch_id) OVER (PARTITION BY periodo, provincia, indicatore, gruppo_cittadinanza, sesso, eta)
ORDER BY ALL

-- test: unique primary key
SELECT periodo, provincia, indicatore, gruppo_cittadinanza, sesso, eta, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1

-- test: a rate is a per cent
SELECT * FROM {{table}} WHERE tasso < 0 OR tasso > 100
