-- model: co_effettive
-- grain: one row per effective communication chain (R1) among the communications
--   sent on or before $as_of (point in time); R2 repeats were resolved at ingest.
-- columns: codice_radice (the chain's ORD, or an orphan RET), membri (members),
--   every column of co_righe taken from the effective member (the latest
--   data_invio; ties: ingested last): those of co_comunicazioni, ateco_sezione,
--   ateco_divisione, gruppo_contratto, comunicazione_id and ordine.
-- How: the versions of the chains that hold on $as_of (versions/co_versioni.sql).
-- recomputed for: ambito_catene(codice_comunicazione)
-- Both sides are read for the scope's trees (a chain's root and members are in the same
-- tree): DuckDB would join every version before the header's predicate, holding them all.
SELECT v.codice_radice, v.membri, r.*
FROM main.co_versioni v
JOIN (SELECT * FROM main.co_righe WHERE {{ambito_catene}}(codice_comunicazione)) r
  ON r.comunicazione_id = v.comunicazione_id
WHERE v.valido_dal <= {{as_of}} AND (v.valido_al IS NULL OR v.valido_al > {{as_of}})
  AND {{ambito_catene}}(v.codice_radice);

-- test: one row per chain
SELECT codice_radice, count(*) AS n FROM {{target}}.co_effettive
WHERE codice_radice IN (SELECT codice_radice FROM {{target}}.co_effettive WHERE {{written}})
GROUP BY codice_radice HAVING count(*) > 1;

-- test: unique communication id
SELECT comunicazione_id, count(*) FROM {{target}}.co_effettive
WHERE comunicazione_id IN (SELECT comunicazione_id FROM {{target}}.co_effettive WHERE {{written}})
GROUP BY comunicazione_id HAVING count(*) > 1;

-- test: no communication sent after the as-of date
SELECT codice_comunicazione, data_invio FROM {{target}}.co_effettive WHERE data_invio::DATE > {{as_of}};
