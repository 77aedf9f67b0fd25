-- report figures: one year of the annual report's series (reports/annual/seriesSection.ts):
--   the non-EU flows of [$inizio, $fine], 1 January to 31 December of the year $semestre,
--   within the report's province when it has one.
-- grain: one row (the year).
-- columns: anno, attivazioni (rapporti started), cessazioni (rapporti ended, communicated
--   and implied), saldo (attivazioni - cessazioni), lavoratori_attivati (distinct workers
--   with an activation in the year: a worker hired in both semesters is one worker, so
--   not the sum of the semesters'). The events are those of the flow tables
--   (eventi_flussi.sql, group NUE on the event date): the report's own year gives the
--   non-EU totals of its flow section.
WITH eventi AS (
  SELECT * FROM ({{eventi_flussi}})
  WHERE gruppo_cittadinanza = 'NUE' AND tipo IN ('A', 'C', 'T')
    AND ($province::VARCHAR IS NULL OR provincia = $province::VARCHAR)
)
SELECT $semestre AS anno,
       count(*) FILTER (WHERE tipo = 'A')::BIGINT AS attivazioni,
       count(*) FILTER (WHERE tipo IN ('C', 'T'))::BIGINT AS cessazioni,
       (count(*) FILTER (WHERE tipo = 'A') - count(*) FILTER (WHERE tipo IN ('C', 'T')))::BIGINT AS saldo,
       count(DISTINCT lavoratore_id) FILTER (WHERE tipo = 'A')::BIGINT AS lavoratori_attivati
FROM eventi

-- test: one row, the year
SELECT count(*) AS righe, min(anno) AS anno FROM {{table}}
HAVING count(*) <> 1 OR NOT bool_and(regexp_full_match(anno, '[0-9]{4}'))

-- test: saldo = attivazioni - cessazioni
SELECT * FROM {{table}} WHERE saldo <> attivazioni - cessazioni

-- test: workers hired are at most the activations, and at least one when there is one
SELECT * FROM {{table}} WHERE lavoratori_attivati > attivazioni OR (attivazioni > 0 AND lavoratori_attivati = 0)
