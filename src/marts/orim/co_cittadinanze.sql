-- ORIM table co_cittadinanze (schema version 2).
-- grain: semestre x provincia x cittadinanza, non-EU citizenships only (group NUE on the event date).
-- primary key: semestre, provincia, cittadinanza.
-- columns: semestre, provincia, codice_provincia, cittadinanza (ISTAT code), nome (Italian name),
--   attivazioni, cessazioni (rapporti ended in the semester: communicated, one per rapporto
--   on its earliest CES, and on the planned end, R5), saldo (attivazioni - cessazioni).
-- The events are those of the co_flussi_* tables (eventi_flussi.sql, the slot below).
-- Identities (the tests below): saldo = attivazioni - cessazioni; summed over the
--   citizenships, the NUE rows of co_flussi_contratto (tests/orim-tables.test.ts).
SELECT $semestre AS semestre, ev.provincia, ev.codice_provincia, ev.cittadinanza, p.nome,
       count(*) FILTER (WHERE tipo = 'A')::BIGINT AS attivazioni, count(*) FILTER (WHERE tipo IN ('C', 'T'))::BIGINT AS cessazioni,
       (count(*) FILTER (WHERE tipo = 'A') - count(*) FILTER (WHERE tipo IN ('C', 'T')))::BIGINT AS saldo
FROM ({{eventi_flussi}}) ev JOIN ref_paesi p ON p.codice = ev.cittadinanza
WHERE ev.gruppo_cittadinanza = 'NUE' AND ev.tipo IN ('A', 'C', 'T')
GROUP BY ALL
ORDER BY ALL

-- test: unique primary key
SELECT semestre, provincia, cittadinanza, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1

-- test: saldo = attivazioni - cessazioni
SELECT * FROM {{table}} WHERE saldo <> attivazioni - cessazioni
