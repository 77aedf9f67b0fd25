-- ORIM table istat_forze_lavoro (schema version 2).
-- grain: periodo (a year, or a quarter of the semester) x provincia (TOTALE: Lombardy) x
--   indicatore x gruppo_cittadinanza x sesso x eta.
-- primary key: periodo, provincia, indicatore, gruppo_cittadinanza, sesso, eta.
-- columns: periodo (2024, or 2025-Q1), provincia (the province's code; TOTALE for ISTAT's own
--   row of Lombardy), codice_provincia (NULL for TOTALE), indicatore (EMP_R employment,
--   UNEM_R unemployment, ACT_R activity, INACT_R inactivity rate), gruppo_cittadinanza (ITA,
--   STRANIERI, TOTALE as ISTAT splits them), sesso (M, F, T), eta (the age class as ISTAT
--   writes it, e.g. Y15-64), tasso (per cent, DOUBLE).
-- A rate of ISTAT's labour-force survey, an estimate already published by ISTAT, never a
-- count of our records: not through the small-count rule (docs/orim-schema-2.md).
-- Choices:
--   * Years: ISTAT publishes a year's rates months after it ends, so the yearly rows are those
--     of the latest year loaded up to the semester's year, for each indicator (one year per
--     indicator, so that the provinces and the region compare); a semester's quarters appear
--     only if an extract has them (ISTAT gives provinces yearly rates only).
--   * Lombardy's own row (livello regione, codice_regione 03) is kept, as provincia TOTALE: a
--     rate of the region is not a sum of its provinces' rates (nor worked out from them
--     without ISTAT's weights), and it is the estimate with the smallest sampling error.
--   * Each cell counts in its latest ingest.
WITH rows AS (
  SELECT *, CASE WHEN livello = 'regione' THEN 'TOTALE' ELSE provincia END AS territorio
  FROM istat_forze_lavoro
  WHERE (livello = 'provincia' OR (livello = 'regione' AND codice_regione = '03'))
    AND anno <= year($inizio::DATE)
),
latest_year AS (
  SELECT indicatore, max(anno) AS anno FROM rows WHERE trimestre IS NULL GROUP BY indicatore
),
chosen AS (
  SELECT r.* FROM rows r JOIN latest_year y USING (indicatore, anno) WHERE r.trimestre IS NULL
  UNION ALL
  SELECT * FROM rows
  WHERE trimestre IS NOT NULL AND make_date(anno, 3 * trimestre - 2, 1) BETWEEN $inizio::DATE AND $fine::DATE
)
SELECT periodo, territorio AS provincia, CASE WHEN territorio = 'TOTALE' THEN NULL ELSE codice_provincia END AS codice_provincia,
       indicatore, gruppo_cittadinanza, sesso, eta, tasso::DOUBLE AS tasso
FROM chosen
QUALIFY batch_id = max(batch_id) OVER (PARTITION BY periodo, territorio, indicatore, gruppo_cittadinanza, sesso, eta)
ORDER BY ALL

-- test: unique primary key
SELECT periodo, provincia, indicatore, gruppo_cittadinanza, sesso, eta, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1

-- test: a rate is a per cent
SELECT * FROM {{table}} WHERE tasso < 0 OR tasso > 100

-- test: one year per indicator among the yearly rows
SELECT indicatore, count(DISTINCT periodo) AS anni FROM {{table}} WHERE periodo NOT LIKE '%-Q%' GROUP BY ALL HAVING count(DISTINCT periodo) > 1

-- test: a province row has its ISTAT code, the region's row none
SELECT * FROM {{table}} WHERE (provincia = 'TOTALE') <> (codice_provincia IS NULL)
