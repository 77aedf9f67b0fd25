-- ORIM table co_cessazioni_motivo (schema version 2).
-- grain: semestre x provincia x gruppo_cittadinanza x gruppo_motivo, for the semester
--   [$inizio, $fine], over the built models (every communication loaded).
-- primary key: semestre, provincia, gruppo_cittadinanza, gruppo_motivo.
-- columns: semestre, provincia, codice_provincia, gruppo_cittadinanza (on the end date, R6),
--   gruppo_motivo, cessazioni_comunicate (the communicated cessations of the flow tables,
--   one per rapporto at its earliest CES, eventi_flussi.sql).
-- gruppo_motivo: the group of the earliest CES's motivo_cessazione in
--   reference/motivi_cessazione.csv (column gruppo): LICENZIAMENTO (dismissals, individual,
--   collective, for cause), DIMISSIONI (resignations), FINE_TERMINE (end of term
--   communicated, SC), ALTRO (consensual termination, retirement, death, public-sector
--   endings...). A code not in the table, or none, is ALTRO, as the ingest groups an
--   unknown code.
-- Choice: the implied cessations (a fixed-term rapporto reaching its planned end with no
--   CES, R5) are end of term too, and they are the cessazioni_a_termine of the flow tables:
--   they are not a row of this table, whose rows then add up to the flow tables'
--   cessazioni_comunicate, a figure the audit knows, rather than to a total with a part
--   (FINE_TERMINE) bound to another table's margin (cessazioni_a_termine) by an
--   inequality no relation states. End of term in all = FINE_TERMINE here +
--   cessazioni_a_termine of the flow tables.
-- Identity (tests/report-careers.test.ts): summed over gruppo_motivo, the
--   cessazioni_comunicate of co_flussi_contratto summed over gruppo_contratto.
SELECT $semestre AS semestre, ev.provincia, ev.codice_provincia, ev.gruppo_cittadinanza,
       coalesce(m.gruppo, 'ALTRO') AS gruppo_motivo,
       count(*)::BIGINT AS cessazioni_comunicate
FROM ({{eventi_flussi}}) ev
LEFT JOIN ref_motivi_cessazione m ON m.codice = ev.motivo_cessazione
WHERE ev.tipo = 'C'
GROUP BY ALL
ORDER BY ALL

-- test: unique primary key
SELECT semestre, provincia, gruppo_cittadinanza, gruppo_motivo, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1

-- test: gruppo_motivo is one of the four groups
SELECT * FROM {{table}} WHERE gruppo_motivo NOT IN ('LICENZIAMENTO', 'DIMISSIONI', 'FINE_TERMINE', 'ALTRO')

-- test: every row counts cessations
SELECT * FROM {{table}} WHERE cessazioni_comunicate < 1
