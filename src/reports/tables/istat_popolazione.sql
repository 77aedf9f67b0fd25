-- ORIM table istat_popolazione (schema version 1).
-- grain: 1 January (of the semester's year) x provincia x gruppo_cittadinanza x sesso.
-- columns: data, provincia, codice_provincia, gruppo_cittadinanza (ITA, UE, NUE on that day,
--   or STRANIERI when the extract does not split foreigners by citizenship), sesso (M, F), residenti.
-- Choices: only provincial rows that are not totals (no sex total, no region, no
-- citizenship aggregate), each cell in its latest ingest; the age total when the
-- extract gives one, else the sum of its age classes.
WITH latest AS (
  SELECT *, coalesce(cittadinanza, gruppo_cittadinanza) AS citt FROM istat_residenti
  WHERE anno = year($inizio::DATE) AND livello = 'provincia' AND NOT totale
  QUALIFY batch_id = max(batch_id) OVER (PARTITION BY anno, provincia, coalesce(cittadinanza, gruppo_cittadinanza), sesso, eta)
),
cells AS (
  SELECT provincia, codice_provincia, gruppo_cittadinanza, sesso, citt,
         coalesce(sum(residenti) FILTER (WHERE eta = 'TOTALE'), sum(residenti)) AS n
  FROM latest GROUP BY provincia, codice_provincia, gruppo_cittadinanza, sesso, citt
)
SELECT make_date(year($inizio::DATE), 1, 1) AS data, provincia, codice_provincia, gruppo_cittadinanza, sesso,
       sum(n)::BIGINT AS residenti
FROM cells GROUP BY ALL ORDER BY ALL
