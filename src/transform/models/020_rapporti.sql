-- model: rapporti
-- grain: one row per rapporto di lavoro (R3): (lavoratore_id, datore_id, data_inizio).
-- columns: the key; iniziato_prima_dei_dati (no ASS in the data: left-censored);
--   fine_prevista (R4: data_fine of the latest ASS/PRO/TRS by data_evento then
--   data_invio; NULL when open-ended); tipo_contratto and gruppo_contratto of that
--   communication; data_cessazione and motivo_cessazione (earliest CES);
--   fine (R5: the CES, else the planned end); cessazione_implicita (ended on its
--   planned end without a CES); sede_comune, provincia, codice_provincia,
--   datore_ateco, ateco_sezione (R8: of the latest communication); comunicazioni;
--   ultimo_evento (latest data_evento of any PRO, TRS or TRD).
CREATE OR REPLACE TABLE {{target}}.rapporti AS
WITH e AS (
  SELECT *, (data_evento, data_invio, batch_id, riga) AS ordine FROM {{target}}.co_effettive
),
g AS (
  SELECT lavoratore_id, datore_id, data_inizio,
         NOT bool_or(tipo_evento = 'ASS') AS iniziato_prima_dei_dati,
         arg_max_null(data_fine, ordine) FILTER (WHERE tipo_evento IN ('ASS', 'PRO', 'TRS')) AS fine_prevista,
         arg_max_null(tipo_contratto, ordine) FILTER (WHERE tipo_evento IN ('ASS', 'PRO', 'TRS')) AS tipo_contratto_pianificato,
         arg_max_null(gruppo_contratto, ordine) FILTER (WHERE tipo_evento IN ('ASS', 'PRO', 'TRS')) AS gruppo_pianificato,
         arg_max_null(tipo_contratto, ordine) AS tipo_contratto_ultimo,
         arg_max_null(gruppo_contratto, ordine) AS gruppo_ultimo,
         min(data_evento) FILTER (WHERE tipo_evento = 'CES') AS data_cessazione,
         arg_min_null(motivo_cessazione, ordine) FILTER (WHERE tipo_evento = 'CES') AS motivo_cessazione,
         arg_max_null(sede_comune, ordine) AS sede_comune,
         arg_max_null(provincia, ordine) AS provincia,
         arg_max_null(codice_provincia, ordine) AS codice_provincia,
         arg_max_null(datore_ateco, ordine) AS datore_ateco,
         arg_max_null(ateco_sezione, ordine) AS ateco_sezione,
         count(*) AS comunicazioni,
         max(data_evento) FILTER (WHERE tipo_evento IN ('PRO', 'TRS', 'TRD')) AS ultimo_evento
  FROM e
  GROUP BY lavoratore_id, datore_id, data_inizio
)
SELECT lavoratore_id, datore_id, data_inizio, iniziato_prima_dei_dati, fine_prevista,
       coalesce(tipo_contratto_pianificato, tipo_contratto_ultimo) AS tipo_contratto,
       coalesce(gruppo_pianificato, gruppo_ultimo) AS gruppo_contratto,
       data_cessazione, motivo_cessazione,
       coalesce(data_cessazione, fine_prevista) AS fine,
       data_cessazione IS NULL AND fine_prevista IS NOT NULL AS cessazione_implicita,
       sede_comune, provincia, codice_provincia, datore_ateco, ateco_sezione, comunicazioni, ultimo_evento
FROM g;

-- test: unique key
SELECT lavoratore_id, datore_id, data_inizio, count(*) AS n FROM {{target}}.rapporti
GROUP BY ALL HAVING count(*) > 1;

-- test: no rapporto ends before it starts
SELECT lavoratore_id, datore_id, data_inizio, fine FROM {{target}}.rapporti WHERE fine < data_inizio;

-- test: every effective communication attached to exactly one rapporto
SELECT (SELECT count(*) FROM {{target}}.co_effettive) AS comunicazioni,
       (SELECT sum(comunicazioni) FROM {{target}}.rapporti) AS attaccate
WHERE (SELECT count(*) FROM {{target}}.co_effettive) <> (SELECT coalesce(sum(comunicazioni), 0) FROM {{target}}.rapporti);
