-- ORIM table co_cessazioni_motivo (schema version 2).
-- grain: semestre x provincia x gruppo_cittadinanza x gruppo_motivo, for the semester
--   [$inizio, $fine], over the built models (every communication loaded).
-- primary key: semestre, provincia, gruppo_cittadinanza, gruppo_motivo.
-- columns: semestre, provincia, codice_provincia, gruppo_cittadinanza (on the end date, R6),
--   gruppo_motivo; cessazioni_comunicate, cessazioni_a_termine, cessazioni as in the flow
--   tables (the same events, eventi_flussi.sql).
-- gruppo_motivo: the group of the earliest CES's motivo_cessazione in
--   reference/motivi_cessazione.csv (column gruppo): LICENZIAMENTO (dismissals, individual,
--   collective, for cause), DIMISSIONI (resignations), FINE_TERMINE (end of term), ALTRO
--   (consensual termination, retirement, death, public-sector endings...). A code not in
--   the table, or none, is ALTRO, as the ingest groups an unknown code. An implied
--   cessation (a fixed-term rapporto reaching its planned end with no CES, R5) is
--   FINE_TERMINE: it is the cessazioni_a_termine of that row, 0 in every other row.
-- Identities (the tests below): cessazioni = cessazioni_comunicate + cessazioni_a_termine;
--   summed over gruppo_motivo, each measure equals co_flussi_contratto's summed over
--   gruppo_contratto (tests/report-careers.test.ts).
SELECT $semestre AS semestre, ev.provincia, ev.codice_provincia, ev.gruppo_cittadinanza,
       CASE WHEN ev.tipo = 'T' THEN 'FINE_TERMINE' ELSE coalesce(m.gruppo, 'ALTRO') END AS gruppo_motivo,
       count(*) FILTER (WHERE ev.tipo = 'C')::BIGINT AS cessazioni_comunicate,
       count(*) FILTER (WHERE ev.tipo = 'T')::BIGINT AS cessazioni_a_termine,
       count(*)::BIGINT AS cessazioni
FROM ({{eventi_flussi}}) ev
LEFT JOIN ref_motivi_cessazione m ON m.codice = ev.motivo_cessazione
WHERE ev.tipo IN ('C', 'T')
GROUP BY ALL
ORDER BY ALL

-- test: unique primary key
SELECT semestre, provincia, gruppo_cittadinanza, gruppo_motivo, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1

-- test: gruppo_motivo is one of the four groups
SELECT * FROM {{table}} WHERE gruppo_motivo NOT IN ('LICENZIAMENTO', 'DIMISSIONI', 'FINE_TERMINE', 'ALTRO')

-- test: cessazioni = cessazioni_comunicate + cessazioni_a_termine
SELECT * FROM {{table}} WHERE cessazioni <> cessazioni_comunicate + cessazioni_a_termine

-- test: implied cessations only in FINE_TERMINE
SELECT * FROM {{table}} WHERE cessazioni_a_termine > 0 AND gruppo_motivo <> 'FINE_TERMINE'
