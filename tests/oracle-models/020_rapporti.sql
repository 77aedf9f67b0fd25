-- Test oracle (tests/versioned-state.test.ts): the model as it was computed from
-- scratch on one date before build kept versions. Not run by the pipeline.
-- model: rapporti
-- grain: one row per rapporto di lavoro (R3): (lavoratore_id, datore_id, data_inizio).
-- columns: the key; iniziato_prima_dei_dati (no ASS in the data: left-censored);
--   fine_prevista (R4: data_fine of the latest ASS/PRO/TRS by data_evento then
--   data_invio; NULL when open-ended); tipo_contratto and gruppo_contratto of that
--   communication; data_cessazione and motivo_cessazione (earliest CES, by data_evento
--   then data_invio); cessazione_id (its comunicazione_id: flows count this one
--   cessation per rapporto, with its attributes, however many CES were sent);
--   fine (R5: the CES, else the planned end); cessazione_implicita (ended on its
--   planned end without a CES); sede_comune, provincia, codice_provincia,
--   datore_ateco, ateco_sezione, ateco_divisione (R8: of the latest communication); comunicazioni;
--   ultimo_evento (latest data_evento of any PRO, TRS or TRD).
CREATE OR REPLACE TABLE {{target}}.rapporti AS
WITH g AS (
  -- per rapporto, which communications decide: the latest (R8), the latest ASS/PRO/TRS
  -- (R4) and the earliest CES (R5), by their integer ids
  SELECT lavoratore_id, datore_id, data_inizio,
         NOT bool_or(tipo_evento = 'ASS') AS iniziato_prima_dei_dati,
         arg_max(comunicazione_id, ordine) AS ultima,
         arg_max(comunicazione_id, ordine) FILTER (WHERE tipo_evento IN ('ASS', 'PRO', 'TRS')) AS ultima_pianificazione,
         arg_min(comunicazione_id, ordine) FILTER (WHERE tipo_evento = 'CES') AS prima_cessazione,
         count(*) AS comunicazioni,
         max(data_evento) FILTER (WHERE tipo_evento IN ('PRO', 'TRS', 'TRD')) AS ultimo_evento
  FROM {{target}}.co_effettive
  GROUP BY lavoratore_id, datore_id, data_inizio
)
SELECT g.lavoratore_id, g.datore_id, g.data_inizio, g.iniziato_prima_dei_dati,
       p.data_fine AS fine_prevista,
       coalesce(p.tipo_contratto, u.tipo_contratto) AS tipo_contratto,
       coalesce(p.gruppo_contratto, u.gruppo_contratto) AS gruppo_contratto,
       c.data_evento AS data_cessazione, c.motivo_cessazione, g.prima_cessazione AS cessazione_id,
       coalesce(c.data_evento, p.data_fine) AS fine,
       c.data_evento IS NULL AND p.data_fine IS NOT NULL AS cessazione_implicita,
       u.sede_comune, u.provincia, u.codice_provincia, u.datore_ateco, u.ateco_sezione, u.ateco_divisione,
       g.comunicazioni, g.ultimo_evento
FROM g
JOIN {{target}}.co_effettive u ON u.comunicazione_id = g.ultima
LEFT JOIN {{target}}.co_effettive p ON p.comunicazione_id = g.ultima_pianificazione
LEFT JOIN {{target}}.co_effettive c ON c.comunicazione_id = g.prima_cessazione;

-- test: unique key
SELECT lavoratore_id, datore_id, data_inizio, count(*) AS n FROM {{target}}.rapporti
GROUP BY ALL HAVING count(*) > 1;

-- test: no rapporto ends before it starts
SELECT lavoratore_id, datore_id, data_inizio, fine FROM {{target}}.rapporti WHERE fine < data_inizio;

-- test: every effective communication attached to exactly one rapporto
SELECT (SELECT count(*) FROM {{target}}.co_effettive) AS comunicazioni,
       (SELECT sum(comunicazioni) FROM {{target}}.rapporti) AS attaccate
WHERE (SELECT count(*) FROM {{target}}.co_effettive) <> (SELECT coalesce(sum(comunicazioni), 0) FROM {{target}}.rapporti);
