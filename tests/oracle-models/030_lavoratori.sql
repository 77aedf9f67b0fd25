-- Test oracle (tests/versioned-state.test.ts): the model as it was computed from
-- scratch on one date before build kept versions. Not run by the pipeline.
-- model: lavoratori
-- grain: one row per worker (lavoratore_id) with at least one effective communication.
-- columns: sesso, data_nascita, cittadinanza (ISTAT code), titolo_soggiorno,
--   motivo_permesso, scadenza_permesso (R9: placeholders read as NULL),
--   scadenza_comunicata (as written), all from the worker's latest effective
--   communication (R7: by data_evento, then data_invio); senza_permesso (citizens
--   of IS, LI, NO, CH need no residence permit).
CREATE OR REPLACE TABLE {{target}}.lavoratori AS
WITH latest AS (
  SELECT lavoratore_id, arg_max(comunicazione_id, ordine) AS id
  FROM {{target}}.co_effettive GROUP BY lavoratore_id
)
SELECT e.lavoratore_id, e.sesso, e.data_nascita, e.cittadinanza, e.titolo_soggiorno, e.motivo_permesso,
       scadenza_nota(e.scadenza_permesso) AS scadenza_permesso, e.scadenza_permesso AS scadenza_comunicata,
       p.senza_permesso = 'S' AS senza_permesso
FROM latest l
JOIN {{target}}.co_effettive e ON e.comunicazione_id = l.id
JOIN main.ref_paesi p ON p.codice = e.cittadinanza;

-- test: unique worker
SELECT lavoratore_id, count(*) FROM {{target}}.lavoratori GROUP BY lavoratore_id HAVING count(*) > 1;

-- test: every worker of a rapporto is known
SELECT DISTINCT r.lavoratore_id FROM {{target}}.rapporti r
WHERE r.lavoratore_id NOT IN (SELECT lavoratore_id FROM {{target}}.lavoratori);
