-- ORIM table indicatori_rischio_cittadinanze (schema version 2): the risk indicators of
--   indicatori_rischio.sql for the non-EU workers, by country of citizenship.
-- grain: semestre x provincia x cittadinanza, group NUE on the event date, for the semester
--   [$inizio, $fine]: the $paesi_principali non-EU countries with most workers in the
--   semester over all the data's provinces (distinct workers with an activation or a
--   cessation in it; ties by code), each in every province where it has a figure, and
--   ALTRI for the other non-EU countries together.
-- primary key: semestre, provincia, cittadinanza.
-- columns: semestre, provincia, codice_provincia, cittadinanza (ISTAT code, or ALTRI), nome
--   (Italian name; 'Altri Paesi non UE'), then the thirteen counts of indicatori_rischio.sql
--   (misure_rischio.sql), with the same definitions and thresholds.
-- The events and the cells of the workers and pairs: marts/risk/eventi_rischio.sql.
-- Identities (tests/risk-indicators.test.ts): summed over the countries, the NUE rows of
--   indicatori_rischio; a country's attivazioni and cessazioni are co_cittadinanze's.
WITH nue AS (
  SELECT * FROM ({{eventi_rischio}}) WHERE gruppo_cittadinanza = 'NUE'
),
principali AS (
  SELECT cittadinanza FROM (
    SELECT cittadinanza, row_number() OVER (ORDER BY count(DISTINCT lavoratore_id) DESC, cittadinanza) AS posto
    FROM nue WHERE attivazioni = 1 OR cessazioni = 1
    GROUP BY cittadinanza
  ) WHERE posto <= $paesi_principali::INTEGER
),
paese AS (
  SELECT nue.*, CASE WHEN pr.cittadinanza IS NULL THEN 'ALTRI' ELSE nue.cittadinanza END AS paese
  FROM nue LEFT JOIN principali pr USING (cittadinanza)
)
SELECT $semestre AS semestre, provincia, codice_provincia, paese AS cittadinanza,
       CASE WHEN paese = 'ALTRI' THEN 'Altri Paesi non UE' ELSE any_value(p.nome) END AS nome,
{{misure_rischio}}
FROM paese LEFT JOIN ref_paesi p ON p.codice = paese.paese
GROUP BY semestre, provincia, codice_provincia, paese
ORDER BY ALL

-- test: unique primary key
SELECT semestre, provincia, cittadinanza, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1

-- test: a country has its name
SELECT * FROM {{table}} WHERE nome IS NULL

-- test: a part is at most its whole
SELECT * FROM {{table}} WHERE NOT ({{parti_rischio}})
