-- model: lavoratori
-- grain: one row per worker (lavoratore_id) with at least one effective communication
--   known on $as_of.
-- columns: sesso, data_nascita, cittadinanza (ISTAT code), titolo_soggiorno,
--   motivo_permesso, scadenza_permesso (R9: placeholders read as NULL),
--   scadenza_comunicata (as written), all from the worker's latest effective
--   communication (R7: by data_evento, then data_invio); senza_permesso (citizens
--   of IS, LI, NO, CH need no residence permit).
-- How: the versions that hold on $as_of (versions/lavoratori_versioni.sql).
-- recomputed for: ambito_lavoratori(lavoratore_id)
SELECT * EXCLUDE (valido_dal, valido_al) FROM main.lavoratori_versioni
WHERE valido_dal <= {{as_of}} AND (valido_al IS NULL OR valido_al > {{as_of}});

-- test: unique worker
SELECT lavoratore_id, count(*) FROM {{target}}.lavoratori WHERE {{written}} GROUP BY lavoratore_id HAVING count(*) > 1;

-- test: every worker of a rapporto is known
SELECT DISTINCT r.lavoratore_id FROM {{target}}.rapporti r
WHERE {{written}} AND r.lavoratore_id NOT IN (SELECT lavoratore_id FROM {{target}}.lavoratori);
