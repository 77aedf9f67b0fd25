-- ORIM table co_cittadinanze (schema version 1).
-- grain: semestre x provincia x cittadinanza, non-EU citizenships only (group NUE on the event date).
-- columns: semestre, provincia, codice_provincia, cittadinanza (ISTAT code), nome (Italian name),
--   attivazioni, cessazioni (rapporti ended in the semester: communicated, one per rapporto
--   on its earliest CES, and on the planned end, R5), saldo (attivazioni - cessazioni).
-- The events are those of co_flussi (eventi_flussi.sql, the slot below).
SELECT $semestre AS semestre, ev.provincia, ev.codice_provincia, ev.cittadinanza, p.nome,
       count(*) FILTER (WHERE tipo = 'A') AS attivazioni, count(*) FILTER (WHERE tipo IN ('C', 'T')) AS cessazioni,
       count(*) FILTER (WHERE tipo = 'A') - count(*) FILTER (WHERE tipo IN ('C', 'T')) AS saldo
FROM ({{eventi_flussi}}) ev JOIN ref_paesi p ON p.codice = ev.cittadinanza
WHERE ev.gruppo_cittadinanza = 'NUE' AND ev.tipo IN ('A', 'C', 'T')
GROUP BY ALL
ORDER BY ALL
