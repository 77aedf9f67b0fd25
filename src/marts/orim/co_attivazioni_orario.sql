-- ORIM table co_attivazioni_orario (schema version 2).
-- grain: semestre x provincia x gruppo_cittadinanza x sesso x orario, for the semester
--   [$inizio, $fine], over the built models (every communication loaded).
-- primary key: semestre, provincia, gruppo_cittadinanza, sesso, orario.
-- columns: semestre, provincia, codice_provincia, gruppo_cittadinanza (on the start date,
--   R6), sesso (R7), orario, attivazioni (the activations of the flow tables,
--   eventi_flussi.sql).
-- orario: the hire's tipo_orario (CO codes, spec co-extract.md): F tempo pieno, P part-time
--   orizzontale, V part-time verticale, M part-time misto; '?' when the hire does not give
--   one, or gives another code (the ingest keeps tipo_orario as written).
-- Identities (tests/report-careers.test.ts): summed over orario, the attivazioni of
--   co_flussi_anagrafica summed over classe_eta; over orario and sesso, those of
--   co_flussi_contratto summed over gruppo_contratto.
SELECT $semestre AS semestre, provincia, codice_provincia, gruppo_cittadinanza, sesso,
       CASE WHEN tipo_orario IN ('F', 'P', 'V', 'M') THEN tipo_orario ELSE '?' END AS orario,
       count(*)::BIGINT AS attivazioni
FROM ({{eventi_flussi}})
WHERE tipo = 'A'
GROUP BY ALL
ORDER BY ALL

-- test: unique primary key
SELECT semestre, provincia, gruppo_cittadinanza, sesso, orario, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1

-- test: orario is a CO code or ?
SELECT * FROM {{table}} WHERE orario NOT IN ('F', 'P', 'V', 'M', '?')

-- test: every row counts activations
SELECT * FROM {{table}} WHERE attivazioni < 1
