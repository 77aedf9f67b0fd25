-- model: rapporti_versioni
-- grain: one row per version of a rapporto di lavoro (R3): (lavoratore_id, datore_id,
--   data_inizio, valido_dal); the rapporti known on a day d are the versions with
--   valido_dal <= d < valido_al (NULL: still so).
-- columns: those of rapporti (models/020_rapporti.sql states them), then valido_dal,
--   valido_al. A rapporto changes only on the days a version of one of its chains
--   begins or ends, so R3-R5 and R8 run once per rapporto and such day, over the
--   chain versions that hold on it.
-- recomputed for: ambito_lavoratori(lavoratore_id)
WITH v AS (
  SELECT r.lavoratore_id, r.datore_id, r.data_inizio, r.tipo_evento, r.data_evento, r.motivo_cessazione,
         r.comunicazione_id, r.ordine, v.valido_dal, v.valido_al
  FROM main.co_versioni v JOIN main.co_righe r ON r.comunicazione_id = v.comunicazione_id
  WHERE ambito_lavoratori(r.lavoratore_id)
),
giorni AS (
  SELECT lavoratore_id, datore_id, data_inizio, giorno,
         lead(giorno) OVER (PARTITION BY lavoratore_id, datore_id, data_inizio ORDER BY giorno) AS giorno_dopo
  FROM (SELECT lavoratore_id, datore_id, data_inizio, valido_dal AS giorno FROM v
        UNION
        SELECT lavoratore_id, datore_id, data_inizio, valido_al FROM v WHERE valido_al IS NOT NULL)
),
g AS (
  -- per rapporto and day, which communications decide: the latest (R8), the latest
  -- ASS/PRO/TRS (R4) and the earliest CES (R5), by their integer ids; the earliest CES's
  -- own columns are taken here (ordine is unique, so every arg_min_null picks the same
  -- row, NULLs kept), which spares a join of every day with all of co_righe
  SELECT d.lavoratore_id, d.datore_id, d.data_inizio, d.giorno, d.giorno_dopo,
         NOT bool_or(v.tipo_evento = 'ASS') AS iniziato_prima_dei_dati,
         arg_max(v.comunicazione_id, v.ordine) AS ultima,
         arg_max(v.comunicazione_id, v.ordine) FILTER (WHERE v.tipo_evento IN ('ASS', 'PRO', 'TRS')) AS ultima_pianificazione,
         arg_min(v.comunicazione_id, v.ordine) FILTER (WHERE v.tipo_evento = 'CES') AS prima_cessazione,
         arg_min_null(v.data_evento, v.ordine) FILTER (WHERE v.tipo_evento = 'CES') AS data_cessazione,
         arg_min_null(v.motivo_cessazione, v.ordine) FILTER (WHERE v.tipo_evento = 'CES') AS motivo_cessazione,
         count(*) AS comunicazioni,
         max(v.data_evento) FILTER (WHERE v.tipo_evento IN ('PRO', 'TRS', 'TRD')) AS ultimo_evento
  FROM giorni d
  JOIN v ON v.lavoratore_id = d.lavoratore_id AND v.datore_id = d.datore_id AND v.data_inizio = d.data_inizio
        AND v.valido_dal <= d.giorno AND (v.valido_al IS NULL OR v.valido_al > d.giorno)
  GROUP BY d.lavoratore_id, d.datore_id, d.data_inizio, d.giorno, d.giorno_dopo
)
SELECT g.lavoratore_id, g.datore_id, g.data_inizio, g.iniziato_prima_dei_dati,
       p.data_fine AS fine_prevista,
       coalesce(p.tipo_contratto, u.tipo_contratto) AS tipo_contratto,
       coalesce(p.gruppo_contratto, u.gruppo_contratto) AS gruppo_contratto,
       g.data_cessazione, g.motivo_cessazione, g.prima_cessazione AS cessazione_id,
       coalesce(g.data_cessazione, p.data_fine) AS fine,
       g.data_cessazione IS NULL AND p.data_fine IS NOT NULL AS cessazione_implicita,
       u.sede_comune, u.provincia, u.codice_provincia, u.datore_ateco, u.ateco_sezione, u.ateco_divisione,
       g.comunicazioni, g.ultimo_evento, g.giorno AS valido_dal, g.giorno_dopo AS valido_al
FROM g
JOIN main.co_righe u ON u.comunicazione_id = g.ultima
LEFT JOIN main.co_righe p ON p.comunicazione_id = g.ultima_pianificazione;

-- test: the versions of a rapporto do not overlap (so the state on any day, a filter, has one row per rapporto)
SELECT lavoratore_id, datore_id, data_inizio, valido_dal, valido_al, successivo FROM (
  SELECT lavoratore_id, datore_id, data_inizio, valido_dal, valido_al,
         lead(valido_dal) OVER (PARTITION BY lavoratore_id, datore_id, data_inizio ORDER BY valido_dal) AS successivo
  FROM main.rapporti_versioni WHERE {{written}})
WHERE successivo IS NOT NULL AND (valido_al IS NULL OR successivo < valido_al);

-- test: no version of a rapporto ends before it starts
SELECT lavoratore_id, datore_id, data_inizio, fine, valido_dal FROM main.rapporti_versioni WHERE {{written}} AND fine < data_inizio;
