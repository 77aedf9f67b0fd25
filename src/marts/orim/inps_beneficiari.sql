-- ORIM table inps_beneficiari (schema version 2).
-- grain: semestre x provincia x prestazione x gruppo_cittadinanza.
-- primary key: semestre, provincia, prestazione, gruppo_cittadinanza.
-- columns: semestre, provincia, codice_provincia, prestazione, gruppo_cittadinanza, beneficiari.
-- Choices: INPS revises past periods, so each cell (period, province, benefit,
-- citizenship, sex) counts in its latest ingest; a semester row wins over the
-- months of that semester, which otherwise count as their average (people drawing a
-- benefit in several months are not added twice); a row for both sexes wins over
-- the sum of its M and F rows; countries are grouped as the rows say (R6).
-- For the annual edition ($periodo_tipo 'A', $semestre the year): INPS's row of the
-- year wins over the average of its twelve months; semester rows are never added up
-- into a year (a person drawing a benefit in both semesters would count twice).
WITH latest AS (
  SELECT *, coalesce(cittadinanza, gruppo_cittadinanza) AS citt FROM inps_beneficiari
  QUALIFY batch_id = max(batch_id) OVER (PARTITION BY periodo, provincia, prestazione,
                                         coalesce(cittadinanza, gruppo_cittadinanza), coalesce(sesso, '*'))
),
sources AS (
  SELECT provincia, codice_provincia, prestazione, citt, gruppo_cittadinanza, sesso, beneficiari::DOUBLE AS n, 2 AS priorita
  FROM latest WHERE periodo_tipo = $periodo_tipo AND periodo = $semestre
  UNION ALL
  SELECT provincia, codice_provincia, prestazione, citt, gruppo_cittadinanza, sesso, avg(beneficiari), 1
  FROM latest WHERE periodo_tipo = 'M' AND periodo_inizio BETWEEN $inizio::DATE AND $fine::DATE
  GROUP BY provincia, codice_provincia, prestazione, citt, gruppo_cittadinanza, sesso
),
cells AS (
  SELECT * FROM sources
  QUALIFY priorita = max(priorita) OVER (PARTITION BY provincia, prestazione, citt, coalesce(sesso, '*'))
),
both_sexes AS (
  SELECT provincia, codice_provincia, prestazione, citt, gruppo_cittadinanza,
         coalesce(max(n) FILTER (WHERE sesso IS NULL), sum(n) FILTER (WHERE sesso IS NOT NULL)) AS n
  FROM cells GROUP BY provincia, codice_provincia, prestazione, citt, gruppo_cittadinanza
)
SELECT $semestre AS semestre, provincia, codice_provincia, prestazione, gruppo_cittadinanza,
       round(sum(n))::BIGINT AS beneficiari
FROM both_sexes GROUP BY ALL ORDER BY ALL

-- test: unique primary key
SELECT semestre, provincia, prestazione, gruppo_cittadinanza, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1
