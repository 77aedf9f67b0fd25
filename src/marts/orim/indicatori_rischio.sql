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
-- Identities (the tests below): summed over ateco_divisione, cessazioni and attivazioni are
--   those of co_flussi_settore (the same events, tests/risk-indicators.test.ts).
WITH ev AS (
  SELECT *,
         CASE WHEN tipo IN ('C', 'T') AND NOT iniziato_prima_dei_dati THEN date_diff('day', data_inizio, giorno) + 1 END AS giorni
  FROM ({{eventi_flussi}})
  WHERE tipo IN ('A', 'C', 'T')
),
brevi AS (
  SELECT * FROM ev WHERE giorni <= $breve_giorni::INTEGER
),
cella AS (
  -- the cell of a worker's (or a pair's) last short rapporto
  SELECT lavoratore_id, datore_id, giorno, data_inizio,
         {'provincia': provincia, 'codice_provincia': codice_provincia, 'ateco_sezione': ateco_sezione,
          'ateco_divisione': ateco_divisione, 'gruppo_cittadinanza': gruppo_cittadinanza} AS c
  FROM brevi
),
lavoratori AS (
  SELECT unnest(arg_max(c, (giorno, data_inizio, datore_id))), 1 AS lavoratori_molti_brevi
  FROM cella GROUP BY lavoratore_id HAVING count(*) >= $molti_brevi::INTEGER
),
coppie AS (
  SELECT unnest(arg_max(c, (giorno, data_inizio))), 1 AS coppie_brevi_ripetute
  FROM cella GROUP BY lavoratore_id, datore_id HAVING count(*) >= 2
),
eventi AS (
  SELECT provincia, codice_provincia, ateco_sezione, ateco_divisione, gruppo_cittadinanza,
         (tipo IN ('C', 'T'))::INTEGER AS cessazioni,
         (giorni <= 1)::INTEGER AS cessazioni_entro_1_giorno,
         (giorni <= 3)::INTEGER AS cessazioni_entro_3_giorni,
         (tipo = 'A')::INTEGER AS attivazioni,
         (tipo = 'A' AND tipo_contratto LIKE 'A.05.%')::INTEGER AS attivazioni_intermittenti,
         (tipo = 'A' AND tipo_contratto LIKE 'A.04.%')::INTEGER AS attivazioni_domestiche,
         (tipo = 'A' AND ateco_sezione = 'A' AND data_fine IS NOT NULL
            AND date_diff('day', data_inizio, data_fine) + 1 <= $stagionale_giorni::INTEGER)::INTEGER AS attivazioni_agricole_stagionali,
         (tipo = 'A' AND motivo_permesso IN ('LASTA', 'LAVPL'))::INTEGER AS attivazioni_permesso_stagionale,
         (tipo = 'A' AND sesso = 'F')::INTEGER AS attivazioni_donne,
         (tipo = 'A' AND sesso <> 'F' AND tipo_orario IN ('P', 'V', 'M'))::INTEGER AS part_time_uomini,
         (tipo = 'A' AND sesso = 'F' AND tipo_orario IN ('P', 'V', 'M'))::INTEGER AS part_time_donne
  FROM ev
),
tutte AS (
  SELECT * FROM eventi
  UNION ALL BY NAME SELECT * FROM lavoratori
  UNION ALL BY NAME SELECT * FROM coppie
)
SELECT $semestre AS semestre, provincia, codice_provincia, ateco_sezione, ateco_divisione, gruppo_cittadinanza,
       coalesce(sum(cessazioni), 0)::BIGINT AS cessazioni,
       coalesce(sum(cessazioni_entro_1_giorno), 0)::BIGINT AS cessazioni_entro_1_giorno,
       coalesce(sum(cessazioni_entro_3_giorni), 0)::BIGINT AS cessazioni_entro_3_giorni,
       coalesce(sum(lavoratori_molti_brevi), 0)::BIGINT AS lavoratori_molti_brevi,
       coalesce(sum(coppie_brevi_ripetute), 0)::BIGINT AS coppie_brevi_ripetute,
       coalesce(sum(attivazioni), 0)::BIGINT AS attivazioni,
       coalesce(sum(attivazioni_intermittenti), 0)::BIGINT AS attivazioni_intermittenti,
       coalesce(sum(attivazioni_domestiche), 0)::BIGINT AS attivazioni_domestiche,
       coalesce(sum(attivazioni_agricole_stagionali), 0)::BIGINT AS attivazioni_agricole_stagionali,
       coalesce(sum(attivazioni_permesso_stagionale), 0)::BIGINT AS attivazioni_permesso_stagionale,
       coalesce(sum(attivazioni_donne), 0)::BIGINT AS attivazioni_donne,
       coalesce(sum(part_time_uomini), 0)::BIGINT AS part_time_uomini,
       coalesce(sum(part_time_donne), 0)::BIGINT AS part_time_donne
FROM tutte
GROUP BY ALL
ORDER BY ALL

-- test: unique primary key
SELECT semestre, provincia, ateco_sezione, ateco_divisione, gruppo_cittadinanza, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1

-- test: a division is of its section ('?' is of any)
SELECT * FROM {{table}} t
WHERE t.ateco_divisione <> '?'
  AND t.ateco_sezione IS DISTINCT FROM (SELECT d.sezione FROM ref_ateco2007_divisioni d WHERE d.divisione = t.ateco_divisione)

-- test: a part is at most its whole
SELECT * FROM {{table}}
WHERE NOT (cessazioni_entro_1_giorno <= cessazioni_entro_3_giorni AND cessazioni_entro_3_giorni <= cessazioni
  AND attivazioni_intermittenti <= attivazioni AND attivazioni_domestiche <= attivazioni
  AND attivazioni_agricole_stagionali <= attivazioni AND attivazioni_permesso_stagionale <= attivazioni
  AND attivazioni_donne <= attivazioni AND part_time_donne <= attivazioni_donne
  AND part_time_uomini <= attivazioni - attivazioni_donne)

-- test: every row counts something
SELECT * FROM {{table}} WHERE cessazioni + attivazioni + lavoratori_molti_brevi + coppie_brevi_ripetute = 0
