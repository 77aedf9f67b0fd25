-- ORIM table co_flussi_anagrafica (schema version 2).
-- grain: semestre x provincia x gruppo_cittadinanza x sesso x classe_eta, for the semester
--   [$inizio, $fine], over the built models (every communication loaded).
-- primary key: semestre, provincia, gruppo_cittadinanza, sesso, classe_eta.
-- columns: semestre, provincia, codice_provincia, gruppo_cittadinanza (on the event date, R6),
--   sesso (M, F), classe_eta (complete years on the event date: <15, 15-24 ... 65+);
--   the measures of misure_flussi.sql (attivazioni, cessazioni_comunicate, cessazioni_a_termine,
--   cessazioni, proroghe, trasformazioni_ti: the number of transformations to open-ended);
--   saldo = attivazioni - cessazioni (over all contract groups a transformation moves a
--   rapporto between groups and leaves the balance as it is).
-- Events and their rules: eventi_flussi.sql.
-- Identities (the tests below): cessazioni = cessazioni_comunicate + cessazioni_a_termine;
--   saldo = attivazioni - cessazioni; the sums over the breakdowns equal those of
--   co_flussi_contratto over gruppo_contratto (tests/orim-tables.test.ts).
SELECT $semestre AS semestre, provincia, codice_provincia, gruppo_cittadinanza, sesso, classe_eta,
{{misure_flussi}},
       (count(*) FILTER (WHERE tipo = 'A') - count(*) FILTER (WHERE tipo IN ('C', 'T')))::BIGINT AS saldo
FROM ({{eventi_flussi}})
WHERE tipo <> 'TO'
GROUP BY ALL
ORDER BY ALL

-- test: unique primary key
SELECT semestre, provincia, gruppo_cittadinanza, sesso, classe_eta, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1

-- test: saldo = attivazioni - cessazioni
SELECT * FROM {{table}} WHERE saldo <> attivazioni - cessazioni

-- test: cessazioni = cessazioni_comunicate + cessazioni_a_termine
SELECT * FROM {{table}} WHERE cessazioni <> cessazioni_comunicate + cessazioni_a_termine
