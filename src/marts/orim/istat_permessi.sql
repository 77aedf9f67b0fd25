-- ORIM table istat_permessi (schema version 2).
-- grain: 1 January (of the latest year loaded up to the semester's year) x provincia x
--   tipo_permesso; permits are held by non-EU citizens only (ISTAT DCIS_PERMSOGG), so the
--   citizenship group is NUE throughout.
-- primary key: data, provincia, tipo_permesso.
-- columns: data, provincia, codice_provincia, tipo_permesso (LUNGO_PERIODO: EU long-term
--   residents, no expiry; CON_SCADENZA: with an expiry), permessi (permits valid that day).
-- Permits are ISTAT's figures, which ISTAT publishes by province, not counts of our records:
--   published as computed, not through the small-count rule (docs/orim-schema-2.md).
-- Choices: ISTAT publishes the permits of 1 January months later, so the table holds the
--   latest year loaded up to the semester's year (one year for every province; `data` says
--   which). For each province and year the latest ingest that has it; every reason
--   (motivo TOTALE) and every age (eta TOTALE); all non-EU citizens: ISTAT's WORLD aggregate
--   when the extract has it, else the sum of its single countries; both sexes: the T row
--   when there is one, else M + F. Never a total added to its own parts.
WITH rows AS (
  SELECT * FROM istat_permessi
  WHERE anno <= year($inizio::DATE) AND livello = 'provincia' AND eta = 'TOTALE' AND motivo_permesso = 'TOTALE'
    AND tipo_permesso <> 'TOTALE'
),
latest AS (
  SELECT * FROM rows
  WHERE anno = (SELECT max(anno) FROM rows)
  QUALIFY batch_id = max(batch_id) OVER (PARTITION BY anno, provincia)
),
by_sex AS (
  SELECT provincia, codice_provincia, tipo_permesso, sesso,
         coalesce(sum(permessi) FILTER (WHERE aggregato = 'WORLD'), sum(permessi) FILTER (WHERE cittadinanza IS NOT NULL)) AS n
  FROM latest GROUP BY ALL
)
SELECT make_date((SELECT max(anno) FROM latest), 1, 1) AS data, provincia, codice_provincia, tipo_permesso,
       coalesce(max(n) FILTER (WHERE sesso = 'T'), sum(n) FILTER (WHERE sesso IN ('M', 'F')))::BIGINT AS permessi
FROM by_sex GROUP BY ALL
HAVING permessi IS NOT NULL
ORDER BY ALL

-- test: unique primary key
SELECT data, provincia, tipo_permesso, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1

-- test: one 1 January for every province
SELECT count(DISTINCT data) AS date FROM {{table}} HAVING count(DISTINCT data) > 1

-- test: permits are not negative
SELECT * FROM {{table}} WHERE permessi < 0
