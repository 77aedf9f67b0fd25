-- ORIM table co_flussi_settore (schema version 2).
-- grain: semestre x provincia x gruppo_cittadinanza x ateco_sezione, for the semester
--   [$inizio, $fine], over the built models (every communication loaded).
-- primary key: semestre, provincia, gruppo_cittadinanza, ateco_sezione.
-- columns: semestre, provincia, codice_provincia, gruppo_cittadinanza (on the event date, R6),
--   ateco_sezione (ATECO 2007 section of the communication's employer, '?' when unknown);
--   the measures of misure_flussi.sql (attivazioni, cessazioni_comunicate, cessazioni_a_termine,
--   cessazioni, proroghe, trasformazioni_ti: the number of transformations to open-ended);
--   saldo = attivazioni - cessazioni (over all contract groups a transformation moves a
--   rapporto between groups and leaves the balance as it is).
-- Events and their rules: eventi_flussi.sql.
-- Identities (the tests below): cessazioni = cessazioni_comunicate + cessazioni_a_termine;
--   saldo = attivazioni - cessazioni; the sums over the breakdowns equal those of
--   co_flussi_contratto over gruppo_contratto (tests/orim-tables.test.ts).
SELECT $semestre AS semestre, provincia, codice_provincia, gruppo_cittadinanza, ateco_sezione,
{{misure_flussi}},
       (count(*) FILTER (WHERE tipo = 'A') - count(*) FILTER (WHERE tipo IN ('C', 'T')))::BIGINT AS saldo
FROM ({{eventi_flussi}})
WHERE tipo <> 'TO'
GROUP BY ALL
ORDER BY ALL

-- test: unique primary key
SELECT semestre, provincia, gruppo_cittadinanza, ateco_sezione, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1

-- test: saldo = attivazioni - cessazioni
SELECT * FROM {{table}} WHERE saldo <> attivazioni - cessazioni

-- test: cessazioni = cessazioni_comunicate + cessazioni_a_termine
SELECT * FROM {{table}} WHERE cessazioni <> cessazioni_comunicate + cessazioni_a_termine
