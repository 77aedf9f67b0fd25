-- model: co_righe
-- grain: one row per communication loaded (co_comunicazioni), R2 repeats resolved at ingest.
-- columns: every column of co_comunicazioni, then what the models read of it, computed
--   once: ateco_sezione (ATECO 2007 section; codes of communications sent from
--   2025-04-01 read as ATECO 2025 and mapped back), ateco_divisione (ATECO 2007
--   division, two digits, mapped back as the section is; NULL when it is not of the
--   code's section), gruppo_contratto (TI, TD, AP, ALTRO); comunicazione_id (integer
--   id: batch and line); ordine (one sortable number: data_evento, then data_invio,
--   then ingest order), so later models aggregate and join fixed-size values.
-- recomputed for: ambito_comunicazioni(codice_comunicazione)
WITH ateco_codici AS (
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
  FROM (SELECT DISTINCT datore_ateco, data_invio >= TIMESTAMP '2025-04-01' AS ateco2025 FROM main.co_comunicazioni WHERE batch_nuovo(batch_id)) a
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
FROM main.co_comunicazioni e
LEFT JOIN ateco a ON a.datore_ateco = e.datore_ateco AND a.ateco2025 = (e.data_invio >= TIMESTAMP '2025-04-01')
LEFT JOIN main.ref_tipologie_contrattuali k ON k.codice = e.tipo_contratto
-- the rows of the new batches are those of the scope's codes (one row per code, R2), and
-- only their row groups are read
WHERE batch_nuovo(e.batch_id);

-- test: unique communication id
SELECT comunicazione_id, count(*) FROM main.co_righe
WHERE comunicazione_id IN (SELECT comunicazione_id FROM main.co_righe WHERE {{written}})
GROUP BY comunicazione_id HAVING count(*) > 1;

-- test: one row per communication code (R2)
SELECT codice_comunicazione, count(*) FROM main.co_righe WHERE {{written}} GROUP BY codice_comunicazione HAVING count(*) > 1;
