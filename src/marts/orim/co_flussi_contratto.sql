-- ORIM table co_flussi_contratto (schema version 2).
-- grain: semestre x provincia x gruppo_cittadinanza x gruppo_contratto, for the semester
--   [$inizio, $fine], over the built models (every communication loaded).
-- primary key: semestre, provincia, gruppo_cittadinanza, gruppo_contratto.
-- columns: semestre, provincia, codice_provincia, gruppo_cittadinanza (on the event date, R6),
--   gruppo_contratto (TI, TD, AP, ALTRO); the measures of misure_flussi.sql (attivazioni,
--   cessazioni_comunicate, cessazioni_a_termine, cessazioni, proroghe, trasformazioni_ti:
--   transformations to open-ended, counted in the TI row, 0 elsewhere);
--   trasformazioni_uscite (the same transformations in the group they leave: TD, AP, or
--   ALTRO for any other <FROM>; 0 in TI); saldo (the balance of rapporti by contract group).
-- Events and their rules: eventi_flussi.sql.
-- Identities (the tests below):
--   cessazioni = cessazioni_comunicate + cessazioni_a_termine;
--   saldo = attivazioni - cessazioni + trasformazioni_ti - trasformazioni_uscite;
--   over the contract groups of a semestre x provincia x gruppo_cittadinanza,
--   sum(trasformazioni_ti) = sum(trasformazioni_uscite), so sum(saldo) = sum(attivazioni) - sum(cessazioni);
--   the sums over gruppo_contratto equal the sums of co_flussi_settore over ateco_sezione and of
--   co_flussi_anagrafica over sesso x classe_eta (tests/orim-tables.test.ts).
SELECT $semestre AS semestre, provincia, codice_provincia, gruppo_cittadinanza, gruppo_contratto,
{{misure_flussi}},
       count(*) FILTER (WHERE tipo = 'TO')::BIGINT AS trasformazioni_uscite,
       (count(*) FILTER (WHERE tipo = 'A') - count(*) FILTER (WHERE tipo IN ('C', 'T'))
         + count(*) FILTER (WHERE tipo = 'TI') - count(*) FILTER (WHERE tipo = 'TO'))::BIGINT AS saldo
FROM ({{eventi_flussi}})
GROUP BY ALL
ORDER BY ALL

-- test: unique primary key
SELECT semestre, provincia, gruppo_cittadinanza, gruppo_contratto, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1

-- test: saldo = attivazioni - cessazioni + trasformazioni_ti - trasformazioni_uscite
SELECT * FROM {{table}} WHERE saldo <> attivazioni - cessazioni + trasformazioni_ti - trasformazioni_uscite

-- test: cessazioni = cessazioni_comunicate + cessazioni_a_termine
SELECT * FROM {{table}} WHERE cessazioni <> cessazioni_comunicate + cessazioni_a_termine

-- test: transformations counted in TI only, leaving any group but TI
SELECT * FROM {{table}} WHERE (gruppo_contratto <> 'TI' AND trasformazioni_ti <> 0) OR (gruppo_contratto = 'TI' AND trasformazioni_uscite <> 0)

-- test: over the contract groups, saldo = attivazioni - cessazioni
SELECT semestre, provincia, gruppo_cittadinanza FROM {{table}} GROUP BY ALL HAVING sum(saldo) <> sum(attivazioni) - sum(cessazioni)
