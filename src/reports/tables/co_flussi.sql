-- ORIM table co_flussi (schema version 1).
-- grain: semestre x provincia x gruppo_cittadinanza x sesso x classe_eta x ateco_sezione x gruppo_contratto,
--   for the semester [$inizio, $fine], over the built models (every communication loaded).
-- The events are those of eventi_flussi.sql (the slot below), which states their rules.
-- columns: semestre, provincia, codice_provincia, gruppo_cittadinanza (on the event date, R6),
--   sesso, classe_eta (age on the event date), ateco_sezione (ATECO 2007), gruppo_contratto;
--   attivazioni (effective ASS starting in the semester);
--   cessazioni_comunicate (rapporti ended by a CES in the semester: one per rapporto, on its
--     earliest CES, R5, with that communication's province, ATECO and contract group);
--   cessazioni_a_termine (rapporti ending on their planned end without a CES, R5, once the
--     data reach that day); cessazioni (the two together: rapporti ended in the semester);
--   proroghe (PRO);
--   trasformazioni_ti (the number of transformations to open-ended, transformation group
--     <FROM>_TI: counted in the TI row, never negative; 0 in the other contract groups);
--   saldo (the balance of rapporti by contract group: a transformation to open-ended moves
--     its rapporto from the group it leaves, TD, AP or ALTRO, to TI).
-- Identities (tests/orim-tables.test.ts checks them):
--   saldo = attivazioni - cessazioni + trasformazioni_ti - (transformations to open-ended
--     leaving this row's contract group), so saldo = attivazioni - cessazioni + trasformazioni_ti
--     in a TI row and saldo <= attivazioni - cessazioni in the others;
--   over the contract groups (any sum of rows that keeps every gruppo_contratto of the other
--     keys together): sum(saldo) = sum(attivazioni) - sum(cessazioni);
--   sum(trasformazioni_ti) over any set of rows = the transformations to open-ended of those rows.
-- Every column is a count of events, so the cells add up over any breakdown.
SELECT $semestre AS semestre, provincia, codice_provincia, gruppo_cittadinanza, sesso, classe_eta,
       ateco_sezione, gruppo_contratto,
       count(*) FILTER (WHERE tipo = 'A') AS attivazioni,
       count(*) FILTER (WHERE tipo = 'C') AS cessazioni_comunicate,
       count(*) FILTER (WHERE tipo = 'T') AS cessazioni_a_termine,
       count(*) FILTER (WHERE tipo IN ('C', 'T')) AS cessazioni,
       count(*) FILTER (WHERE tipo = 'P') AS proroghe,
       count(*) FILTER (WHERE tipo = 'TI') AS trasformazioni_ti,
       count(*) FILTER (WHERE tipo = 'A') - count(*) FILTER (WHERE tipo IN ('C', 'T'))
         + count(*) FILTER (WHERE tipo = 'TI') - count(*) FILTER (WHERE tipo = 'TO') AS saldo
FROM ({{eventi_flussi}})
GROUP BY ALL
ORDER BY ALL
