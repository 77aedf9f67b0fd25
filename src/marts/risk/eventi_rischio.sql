-- The contributions of the events of a semester to the risk indicators
-- (docs/risk-indicators.md): the one definition the ORIM table indicatori_rischio (by
-- province and division) and the indicators by CPI or ambito (indicatori_rischio_aree.sql)
-- sum, by the sums of misure_rischio.sql (the template slots eventi_rischio, misure_rischio).
-- grain: one row per event (A, C, T of eventi_flussi.sql), per worker with many short
--   rapporti and per worker-employer pair with repeated ones (in the cell of the last short
--   rapporto: they add up over the cells).
-- columns: the cell (provincia, codice_provincia, sede_comune, ateco_sezione, ateco_divisione,
--   gruppo_cittadinanza and cittadinanza, of the event's communication as in
--   eventi_flussi.sql), lavoratore_id (the event's, the worker's, the pair's worker) and one
--   0/1 (or NULL) column per count of indicatori_rischio.sql, whose header defines them.
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
         {'provincia': provincia, 'codice_provincia': codice_provincia, 'sede_comune': sede_comune,
          'ateco_sezione': ateco_sezione, 'ateco_divisione': ateco_divisione,
          'gruppo_cittadinanza': gruppo_cittadinanza, 'cittadinanza': cittadinanza} AS c
  FROM brevi
),
lavoratori AS (
  SELECT lavoratore_id, unnest(arg_max(c, (giorno, data_inizio, datore_id))), 1 AS lavoratori_molti_brevi
  FROM cella GROUP BY lavoratore_id HAVING count(*) >= $molti_brevi::INTEGER
),
coppie AS (
  SELECT lavoratore_id, unnest(arg_max(c, (giorno, data_inizio))), 1 AS coppie_brevi_ripetute
  FROM cella GROUP BY lavoratore_id, datore_id HAVING count(*) >= 2
),
eventi AS (
  SELECT provincia, codice_provincia, sede_comune, ateco_sezione, ateco_divisione, gruppo_cittadinanza,
         cittadinanza, lavoratore_id,
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
SELECT * FROM tutte
