-- ORIM table istat_popolazione (schema version 2).
-- grain: 1 January (of the semester's year) x provincia x gruppo_cittadinanza x sesso.
-- primary key: data, provincia, gruppo_cittadinanza, sesso.
-- columns: data, provincia, codice_provincia, gruppo_cittadinanza (ITA, UE, NUE on that day,
--   or STRANIERI when the extract does not split foreigners by citizenship), sesso (M, F), residenti.
-- Choices: provincial rows by sex of foreign residents (never totals added to their parts);
-- for each province, year and sex the latest ingest that has it; the age total when the
-- extract gives one, else the sum of its age classes. The groups come from the finest rows
-- the extract has: single countries (and 999 stateless) grouped by R6 on 1 January, or the
-- long layout's groups; else ISTAT's aggregates: UE = EU28 (or EU27_2020), NUE = NEU27_2020,
-- or WORLD minus EU28 (ISTAT's EU28 still counts the United Kingdom: the ingest warns);
-- else WORLD alone, as STRANIERI. All residents (POPSTRRES, group TOTALE) are not in this table.
WITH latest AS (
  SELECT * FROM istat_residenti
  WHERE anno = year($inizio::DATE) AND livello = 'provincia' AND sesso IN ('M', 'F') AND gruppo_cittadinanza <> 'TOTALE'
  QUALIFY batch_id = max(batch_id) OVER (PARTITION BY anno, provincia, sesso)
),
cells AS (
  SELECT provincia, codice_provincia, sesso, gruppo_cittadinanza, aggregato, coalesce(cittadinanza, '') AS citt,
         coalesce(sum(residenti) FILTER (WHERE eta = 'TOTALE'), sum(residenti)) AS n
  FROM latest GROUP BY ALL
),
-- single countries other than 999, or the long layout's groups: the extract's finest level
finest AS (
  SELECT DISTINCT provincia, sesso FROM cells
  WHERE aggregato IS NULL AND gruppo_cittadinanza <> 'STRANIERI' AND citt <> '999'
),
by_country AS (
  SELECT c.provincia, c.codice_provincia, c.gruppo_cittadinanza, c.sesso, sum(c.n) AS n
  FROM cells c JOIN finest f USING (provincia, sesso)
  WHERE c.aggregato IS NULL AND c.gruppo_cittadinanza <> 'STRANIERI'
  GROUP BY ALL
),
aggregates AS (
  SELECT provincia, codice_provincia, sesso,
         max(n) FILTER (WHERE aggregato IN ('WORLD', 'TOTAL')) AS mondo,
         max(n) FILTER (WHERE aggregato IN ('EU28', 'EU27_2020')) AS ue,
         max(n) FILTER (WHERE aggregato = 'NEU27_2020') AS nue
  FROM cells c WHERE NOT EXISTS (SELECT 1 FROM finest f WHERE f.provincia = c.provincia AND f.sesso = c.sesso)
  GROUP BY ALL
),
by_aggregate AS (
  SELECT provincia, codice_provincia, 'UE' AS gruppo_cittadinanza, sesso, ue AS n FROM aggregates WHERE ue IS NOT NULL
  UNION ALL
  SELECT provincia, codice_provincia, 'NUE', sesso, coalesce(nue, mondo - ue) FROM aggregates WHERE coalesce(nue, mondo - ue) IS NOT NULL
  UNION ALL
  SELECT provincia, codice_provincia, 'STRANIERI', sesso, mondo FROM aggregates WHERE ue IS NULL AND nue IS NULL AND mondo IS NOT NULL
)
SELECT make_date(year($inizio::DATE), 1, 1) AS data, provincia, codice_provincia, gruppo_cittadinanza, sesso,
       sum(n)::BIGINT AS residenti
FROM (SELECT * FROM by_country UNION ALL SELECT * FROM by_aggregate)
GROUP BY ALL ORDER BY ALL

-- test: unique primary key
SELECT data, provincia, gruppo_cittadinanza, sesso, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1
