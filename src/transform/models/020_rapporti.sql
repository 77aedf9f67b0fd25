-- model: rapporti
-- grain: one row per rapporto di lavoro (R3): (lavoratore_id, datore_id, data_inizio),
--   as known on $as_of.
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
-- How: the versions that hold on $as_of (versions/rapporti_versioni.sql).
-- recomputed for: ambito_lavoratori(lavoratore_id)
SELECT * EXCLUDE (valido_dal, valido_al) FROM main.rapporti_versioni
WHERE valido_dal <= {{as_of}} AND (valido_al IS NULL OR valido_al > {{as_of}});

-- test: unique key
SELECT lavoratore_id, datore_id, data_inizio, count(*) AS n FROM {{target}}.rapporti WHERE {{written}}
GROUP BY ALL HAVING count(*) > 1;

-- test: no rapporto ends before it starts
SELECT lavoratore_id, datore_id, data_inizio, fine FROM {{target}}.rapporti WHERE {{written}} AND fine < data_inizio;

-- test: the cessation a rapporto names is one of the effective communications (crisi_aziendali.sql looks it up by id)
-- (NOT EXISTS, not NOT IN: DuckDB can then hash the written rapporti instead of every communication)
SELECT r.lavoratore_id, r.datore_id, r.data_inizio, r.cessazione_id FROM {{target}}.rapporti r
WHERE {{written}} AND r.cessazione_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM {{target}}.co_effettive e WHERE e.comunicazione_id = r.cessazione_id);

-- test: every effective communication attached to exactly one rapporto
SELECT (SELECT count(*) FROM {{target}}.co_effettive) AS comunicazioni,
       (SELECT sum(comunicazioni) FROM {{target}}.rapporti) AS attaccate
WHERE (SELECT count(*) FROM {{target}}.co_effettive) <> (SELECT coalesce(sum(comunicazioni), 0) FROM {{target}}.rapporti);
