-- ORIM table co_attivazioni_professione (schema version 2).
-- grain: semestre x provincia x gruppo_cittadinanza x grande_gruppo, for the semester
--   [$inizio, $fine], over the built models (every communication loaded).
-- primary key: semestre, provincia, gruppo_cittadinanza, grande_gruppo.
-- columns: semestre, provincia, codice_provincia, gruppo_cittadinanza (on the start date,
--   R6), grande_gruppo, attivazioni (the activations of the flow tables, eventi_flussi.sql).
-- grande_gruppo: the CP2011 major group of the hire's qualifica, its first digit ('1' to
--   '9', the groups of reference/cp2011.csv at livello 1); '?' when the hire gives none or
--   not a CP2011 code (macro grande_gruppo_cp2011, src/transform/macros.sql).
-- Identities (tests/report-careers.test.ts): summed over grande_gruppo, the attivazioni of
--   co_flussi_contratto summed over gruppo_contratto.
SELECT $semestre AS semestre, provincia, codice_provincia, gruppo_cittadinanza,
       grande_gruppo_cp2011(qualifica) AS grande_gruppo,
       count(*)::BIGINT AS attivazioni
FROM ({{eventi_flussi}})
WHERE tipo = 'A'
GROUP BY ALL
ORDER BY ALL

-- test: unique primary key
SELECT semestre, provincia, gruppo_cittadinanza, grande_gruppo, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1

-- test: grande_gruppo is a CP2011 major group or ?
SELECT * FROM {{table}} WHERE grande_gruppo NOT IN ('1', '2', '3', '4', '5', '6', '7', '8', '9', '?')

-- test: every row counts activations
SELECT * FROM {{table}} WHERE attivazioni < 1
