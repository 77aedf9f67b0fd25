-- model: lavoratori_versioni
-- grain: one row per version of a worker (lavoratore_id, valido_dal); the workers
--   known on a day d are the versions with valido_dal <= d < valido_al (NULL: still so).
-- columns: those of lavoratori (models/030_lavoratori.sql states them), then
--   valido_dal, valido_al. A worker's latest effective communication (R7) changes
--   only on the days a version of one of the worker's chains begins or ends.
-- recomputed for: ambito_lavoratori(lavoratore_id)
WITH v AS (
  SELECT r.lavoratore_id, r.comunicazione_id, r.ordine, v.valido_dal, v.valido_al
  FROM main.co_versioni v JOIN main.co_righe r ON r.comunicazione_id = v.comunicazione_id
  WHERE ambito_lavoratori(r.lavoratore_id)
),
giorni AS (
  SELECT lavoratore_id, giorno, lead(giorno) OVER (PARTITION BY lavoratore_id ORDER BY giorno) AS giorno_dopo
  FROM (SELECT lavoratore_id, valido_dal AS giorno FROM v
        UNION
        SELECT lavoratore_id, valido_al FROM v WHERE valido_al IS NOT NULL)
),
latest AS (
  SELECT d.lavoratore_id, d.giorno, d.giorno_dopo, arg_max(v.comunicazione_id, v.ordine) AS id
  FROM giorni d
  JOIN v ON v.lavoratore_id = d.lavoratore_id
        AND v.valido_dal <= d.giorno AND (v.valido_al IS NULL OR v.valido_al > d.giorno)
  GROUP BY d.lavoratore_id, d.giorno, d.giorno_dopo
)
SELECT e.lavoratore_id, e.sesso, e.data_nascita, e.cittadinanza, e.titolo_soggiorno, e.motivo_permesso,
       scadenza_nota(e.scadenza_permesso) AS scadenza_permesso, e.scadenza_permesso AS scadenza_comunicata,
       p.senza_permesso = 'S' AS senza_permesso, l.giorno AS valido_dal, l.giorno_dopo AS valido_al
FROM latest l
-- the scope's rows only: DuckDB, which overestimates latest, builds its hash table on this side
JOIN (SELECT * FROM main.co_righe WHERE ambito_lavoratori(lavoratore_id)) e ON e.comunicazione_id = l.id
JOIN main.ref_paesi p ON p.codice = e.cittadinanza;

-- test: the versions of a worker do not overlap (so the state on any day, a filter, has one row per worker)
SELECT lavoratore_id, valido_dal, valido_al, successivo FROM (
  SELECT lavoratore_id, valido_dal, valido_al,
         lead(valido_dal) OVER (PARTITION BY lavoratore_id ORDER BY valido_dal) AS successivo
  FROM main.lavoratori_versioni WHERE {{written}})
WHERE successivo IS NOT NULL AND (valido_al IS NULL OR successivo < valido_al);
