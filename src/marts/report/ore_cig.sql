-- report figures: cassa integrazione hours INPS authorised in the semester's months, by management.
-- grain: gestione x livello (provincia: the sum over the report's provinces; regione: INPS's
--   total for the report's region, kept apart and never added to the provinces).
-- columns: gestione, livello, ore (hours authorised, not hours used, not people).
-- reads: inps_ore_cig. Choices: each cell (month, territory, management, sector) counts in its
--   latest ingest (INPS revises past months); a row for all sectors wins over the sum of its
--   sector rows.
WITH latest AS (
  SELECT *, coalesce(provincia, codice_regione) AS territorio FROM inps_ore_cig
  WHERE periodo_inizio BETWEEN $inizio::DATE AND $fine::DATE
  QUALIFY batch_id = max(batch_id) OVER (PARTITION BY anno, mese, livello, territorio, gestione, coalesce(ramo, '*'))
),
cells AS (
  SELECT anno, mese, livello, territorio, gestione,
         coalesce(max(ore_autorizzate) FILTER (WHERE ramo IS NULL), sum(ore_autorizzate) FILTER (WHERE ramo IS NOT NULL)) AS ore
  FROM latest
  WHERE (livello = 'provincia' AND ($province::VARCHAR IS NULL OR territorio = $province::VARCHAR))
     OR (livello = 'regione' AND $province::VARCHAR IS NULL AND territorio = $regione::VARCHAR)
  GROUP BY ALL
)
SELECT gestione, livello, sum(ore) AS ore FROM cells GROUP BY ALL ORDER BY ALL

-- test: one row per management and level
SELECT gestione, livello, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1

-- test: the provinces' level, and the region's total only in the region's report
SELECT * FROM {{table}}
WHERE livello NOT IN ('provincia', 'regione') OR (livello = 'regione' AND $province::VARCHAR IS NOT NULL)
