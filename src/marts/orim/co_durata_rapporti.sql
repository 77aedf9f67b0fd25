-- ORIM table co_durata_rapporti (schema version 2).
-- grain: semestre x provincia x gruppo_cittadinanza x classe_durata, for the semester
--   [$inizio, $fine], over the built models (every communication loaded).
-- primary key: semestre, provincia, gruppo_cittadinanza, classe_durata.
-- columns: semestre, provincia, codice_provincia, gruppo_cittadinanza (on the end date, R6),
--   classe_durata, cessazioni (rapporti ended in the semester: the cessations of the flow
--   tables, communicated and implied, eventi_flussi.sql; province of the earliest CES or
--   of the rapporto, as there).
-- Length of a rapporto = end date - data_inizio + 1 days (a rapporto begun and ended on
--   the same day lasts 1 day); end date = the earliest CES's data_evento (last day of work)
--   or the planned end of an implied cessation (R5). Classes: '1' (up to 1 day), '2-3',
--   '4-30', '31-90', '91-365', '366+' (over a year).
-- Choice: a rapporto with no ASS in the data (left-censored, R3) is in its own class '?'
--   (length not known): its start is only as a later communication states it, which no
--   hire in the data confirms (a CES whose data_inizio is mistyped also opens a rapporto of
--   its own), so it is neither measured nor dropped, and the classes add up to the
--   cessations of the flow tables.
-- Identities (the tests below, and tests/report-careers.test.ts): summed over
--   classe_durata, the cessazioni of co_flussi_contratto summed over gruppo_contratto.
SELECT $semestre AS semestre, provincia, codice_provincia, gruppo_cittadinanza,
       CASE WHEN iniziato_prima_dei_dati THEN '?'
            WHEN giorni <= 1 THEN '1' WHEN giorni <= 3 THEN '2-3' WHEN giorni <= 30 THEN '4-30'
            WHEN giorni <= 90 THEN '31-90' WHEN giorni <= 365 THEN '91-365' ELSE '366+' END AS classe_durata,
       count(*)::BIGINT AS cessazioni
FROM (
  SELECT *, date_diff('day', data_inizio, giorno) + 1 AS giorni
  FROM ({{eventi_flussi}})
  WHERE tipo IN ('C', 'T')
)
GROUP BY ALL
ORDER BY ALL

-- test: unique primary key
SELECT semestre, provincia, gruppo_cittadinanza, classe_durata, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1

-- test: classe_durata is one of the classes
SELECT * FROM {{table}} WHERE classe_durata NOT IN ('1', '2-3', '4-30', '31-90', '91-365', '366+', '?')

-- test: every row counts cessations
SELECT * FROM {{table}} WHERE cessazioni < 1
