-- ORIM table indicatori_rischio (schema version 2): signals of exploitation and grey work
--   in the rapporti of a semester (docs/risk-indicators.md has every definition).
-- grain: semestre x provincia x ateco_sezione x ateco_divisione x gruppo_cittadinanza, for the
--   semester [$inizio, $fine], over the built models (every communication loaded).
-- primary key: semestre, provincia, ateco_sezione, ateco_divisione, gruppo_cittadinanza.
-- columns: semestre, provincia, codice_provincia, ateco_sezione and ateco_divisione (ATECO
--   2007, of the event's communication as in co_flussi_settore; '?' when unknown),
--   gruppo_cittadinanza (on the event date, R6), then counts:
--   cessazioni: rapporti ended in the semester (the cessations of the flow tables, C and T
--     of eventi_flussi.sql); cessazioni_entro_1_giorno, cessazioni_entro_3_giorni: of them,
--     those lasting at most 1 and at most 3 days (end - start + 1, the classes of
--     co_durata_rapporti; a rapporto begun before the data, R3, has no known length and is
--     in neither);
--   lavoratori_molti_brevi: workers with $molti_brevi or more rapporti of at most
--     $breve_giorni days ended in the semester, each once, in the cell of the last of them
--     (by end date, start, employer): they add up over the cells;
--   coppie_brevi_ripetute: worker and employer pairs with two or more such short rapporti
--     ended in the semester, each once, in the cell of the last of them;
--   attivazioni (the activations of the flow tables), of which attivazioni_intermittenti
--     (contract A.05.*, lavoro intermittente), attivazioni_domestiche (A.04.*, lavoro
--     domestico), attivazioni_agricole_stagionali (ATECO section A, with a planned end and
--     a planned length of at most $stagionale_giorni days: the CO we read carry no seasonal
--     flag, and a seasonal permit lasts at most nine months), attivazioni_permesso_stagionale
--     (the hire states a seasonal permit: motivo LASTA or LAVPL);
--   attivazioni_donne (sesso F; the men are attivazioni - attivazioni_donne),
--   part_time_uomini, part_time_donne (tipo_orario P, V or M).
-- The events and the cells of the workers and pairs: marts/risk/eventi_rischio.sql.
-- Identities (the tests below): summed over ateco_divisione, cessazioni and attivazioni are
--   those of co_flussi_settore (the same events, tests/risk-indicators.test.ts).
SELECT $semestre AS semestre, provincia, codice_provincia, ateco_sezione, ateco_divisione, gruppo_cittadinanza,
{{misure_rischio}}
FROM ({{eventi_rischio}})
GROUP BY ALL
ORDER BY ALL

-- test: unique primary key
SELECT semestre, provincia, ateco_sezione, ateco_divisione, gruppo_cittadinanza, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1

-- test: a division is of its section ('?' is of any)
SELECT * FROM {{table}} t
WHERE t.ateco_divisione <> '?'
  AND t.ateco_sezione IS DISTINCT FROM (SELECT d.sezione FROM ref_ateco2007_divisioni d WHERE d.divisione = t.ateco_divisione)

-- test: a part is at most its whole
SELECT * FROM {{table}} WHERE NOT ({{parti_rischio}})

-- test: every row counts something
SELECT * FROM {{table}} WHERE cessazioni + attivazioni + lavoratori_molti_brevi + coppie_brevi_ripetute = 0
