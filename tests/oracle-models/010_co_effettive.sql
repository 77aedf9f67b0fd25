-- Test oracle (tests/versioned-state.test.ts): the model as it was computed from
-- scratch on one date before build kept versions. Not run by the pipeline.
-- model: co_effettive
-- grain: one row per effective communication chain (R1) among the communications
--   sent on or before $as_of (point in time); R2 repeats were resolved at ingest.
-- columns: codice_radice (the chain's ORD, or an orphan RET), membri (members),
--   every column of co_comunicazioni taken from the effective member (the latest
--   data_invio; ties: ingested last), ateco_sezione (ATECO 2007 section; codes of
--   communications sent from 2025-04-01 read as ATECO 2025 and mapped back),
--   ateco_divisione (ATECO 2007 division, two digits, mapped back as the section is; NULL
--   when it is not of the code's section),
--   gruppo_contratto (TI, TD, AP, ALTRO); comunicazione_id (integer id: batch and
--   line); ordine (one sortable number: data_evento, then data_invio, then
--   ingest order), so later models aggregate and join fixed-size values.
CREATE OR REPLACE TABLE {{target}}.co_effettive AS
WITH RECURSIVE base AS (
  SELECT * FROM main.co_comunicazioni WHERE data_invio::DATE <= $as_of
),
corrections AS (
  SELECT codice_comunicazione, codice_comunicazione_prec FROM base WHERE tipo_comunicazione IN ('RET', 'ANN')
),
-- Most communications are ORDs that nothing corrects: their own chain, effective as
-- they are. The chain logic runs only on corrections and what they point to.
involved AS (
  SELECT * FROM base
  WHERE tipo_comunicazione IN ('RET', 'ANN')
     OR codice_comunicazione IN (SELECT codice_comunicazione_prec FROM corrections)
),
links AS (
  -- a correction and the communication it points to, when that one is in the data
  SELECT c.codice_comunicazione AS codice, c.codice_comunicazione_prec AS prec
  FROM corrections c
  WHERE c.codice_comunicazione_prec IN (SELECT codice_comunicazione FROM base)
),
walk(codice, radice, depth) AS (
  SELECT codice, prec, 1 FROM links
  UNION ALL
  SELECT w.codice, l.prec, w.depth + 1 FROM walk w JOIN links l ON l.codice = w.radice
  WHERE w.depth < 100
),
roots AS (SELECT codice, arg_max(radice, depth) AS radice FROM walk GROUP BY codice),
chained AS (
  SELECT i.*, coalesce(r.radice, i.codice_comunicazione) AS codice_radice
  FROM involved i LEFT JOIN roots r ON r.codice = i.codice_comunicazione
  -- an orphan ANN (what it cancels is not in the data) is ignored
  WHERE NOT (i.tipo_comunicazione = 'ANN' AND r.radice IS NULL)
),
chains AS (
  SELECT codice_radice, count(*) AS membri, bool_or(tipo_comunicazione = 'ANN') AS annullata,
         arg_max(codice_comunicazione, (data_invio, batch_id, riga)) AS codice_effettivo
  FROM chained GROUP BY codice_radice
),
effective AS (
  SELECT b.codice_comunicazione AS codice_radice, 1::BIGINT AS membri, b.*
  FROM base b
  WHERE b.tipo_comunicazione = 'ORD'
    AND b.codice_comunicazione NOT IN (SELECT codice_comunicazione_prec FROM corrections)
  UNION ALL
  SELECT ch.codice_radice, ch.membri, e.* EXCLUDE (codice_radice)
  FROM chains ch JOIN chained e ON e.codice_comunicazione = ch.codice_effettivo
  WHERE NOT ch.annullata
),
ateco_codici AS (
  -- the ATECO 2007 section and division of each distinct (code, classification) pair
  SELECT a.datore_ateco, a.ateco2025,
         CASE WHEN a.ateco2025 THEN (
                SELECT arg_max(m.sezione_2007, length(m.codice_2025)) FROM main.ref_ateco2025_sezione2007 m
                WHERE starts_with(replace(a.datore_ateco, '.', ''), m.codice_2025))
              ELSE (SELECT d.sezione FROM main.ref_ateco2007_divisioni d WHERE d.divisione = left(a.datore_ateco, 2))
         END AS ateco_sezione,
         CASE WHEN a.ateco2025 THEN (
                SELECT arg_max(m.divisione_2007, length(m.codice_2025)) FROM main.ref_ateco2025_divisione2007 m
                WHERE starts_with(replace(a.datore_ateco, '.', ''), m.codice_2025))
              ELSE (SELECT d.divisione FROM main.ref_ateco2007_divisioni d WHERE d.divisione = left(a.datore_ateco, 2))
         END AS ateco_divisione
  FROM (SELECT DISTINCT datore_ateco, data_invio >= TIMESTAMP '2025-04-01' AS ateco2025 FROM base) a
),
ateco AS (
  -- a division of another section than the code's (a 2025 code whose 2007 codes are of two sections) is not known
  SELECT c.datore_ateco, c.ateco2025, c.ateco_sezione, CASE WHEN d.sezione = c.ateco_sezione THEN d.divisione END AS ateco_divisione
  FROM ateco_codici c LEFT JOIN main.ref_ateco2007_divisioni d ON d.divisione = c.ateco_divisione
)
SELECT e.*, a.ateco_sezione, a.ateco_divisione, coalesce(k.gruppo, 'ALTRO') AS gruppo_contratto,
       e.batch_id::BIGINT * 10000000000 + e.riga AS comunicazione_id,
       (date_diff('day', DATE '1900-01-01', e.data_evento)::HUGEINT * 100000000000
          + date_diff('second', TIMESTAMP '1900-01-01', e.data_invio)) * 100000000000000000000
          + (e.batch_id::BIGINT * 10000000000 + e.riga) AS ordine
FROM effective e
LEFT JOIN ateco a ON a.datore_ateco = e.datore_ateco AND a.ateco2025 = (e.data_invio >= TIMESTAMP '2025-04-01')
LEFT JOIN main.ref_tipologie_contrattuali k ON k.codice = e.tipo_contratto;

-- test: one row per chain
SELECT codice_radice, count(*) AS n FROM {{target}}.co_effettive GROUP BY codice_radice HAVING count(*) > 1;

-- test: unique communication id
SELECT comunicazione_id, count(*) FROM {{target}}.co_effettive GROUP BY comunicazione_id HAVING count(*) > 1;

-- test: no communication sent after the as-of date
SELECT codice_comunicazione, data_invio FROM {{target}}.co_effettive WHERE data_invio::DATE > $as_of;
