-- model: qualita_dati
-- grain: one row per data-quality finding on $as_of.
-- columns: tipo (correzione_orfana, ripetizione_diversa, codice_sconosciuto,
--   evento_dopo_la_fine, assunzioni_multiple), codice (a communication code, or the
--   unknown code), dettaglio.
-- base holds only the columns the findings read: it is read five times over all the data,
-- each a scan of the table's columns (materialized, it held them all in memory: 1.5 GB
-- at 10 million rows, and twice the time).
WITH base AS NOT MATERIALIZED (
  SELECT codice_comunicazione, tipo_comunicazione, codice_comunicazione_prec, tipo_contratto, motivo_cessazione,
         codice_trasformazione
  FROM main.co_comunicazioni WHERE data_invio::DATE <= {{as_of}}
)
SELECT 'correzione_orfana' AS tipo, c.codice_comunicazione AS codice,
       c.tipo_comunicazione || ' of ' || c.codice_comunicazione_prec || ', which is not in the data'
         || CASE WHEN c.tipo_comunicazione = 'RET' THEN ' (counted as ordinary)' ELSE ' (ignored)' END AS dettaglio
FROM base c
-- NOT EXISTS, not NOT IN: DuckDB can then hash the few corrections instead of every code
WHERE c.tipo_comunicazione IN ('RET', 'ANN') AND c.codice_comunicazione_prec IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM base t WHERE t.codice_comunicazione = c.codice_comunicazione_prec)
UNION ALL
SELECT 'ripetizione_diversa', codice_comunicazione,
       'batch ' || batch_id || ' line ' || riga || ' differs from batch ' || batch_id_prec || ' line ' || riga_prec
FROM main.co_ripetizioni WHERE esito = 'diversa'
UNION ALL
SELECT 'codice_sconosciuto', tipo_contratto, 'tipo_contratto, grouped as ALTRO: ' || count(*) || ' communications'
FROM base WHERE tipo_contratto NOT IN (SELECT codice FROM main.ref_tipologie_contrattuali) GROUP BY tipo_contratto
UNION ALL
SELECT 'codice_sconosciuto', motivo_cessazione, 'motivo_cessazione, grouped as ALTRO: ' || count(*) || ' communications'
FROM base WHERE motivo_cessazione NOT IN (SELECT codice FROM main.ref_motivi_cessazione) GROUP BY motivo_cessazione
UNION ALL
SELECT 'codice_sconosciuto', codice_trasformazione, 'codice_trasformazione, grouped as ALTRO: ' || count(*) || ' communications'
FROM base WHERE codice_trasformazione NOT IN (SELECT codice FROM main.ref_codici_trasformazione) GROUP BY codice_trasformazione
UNION ALL
SELECT 'evento_dopo_la_fine', lavoratore_id || '/' || datore_id || '/' || data_inizio,
       'event on ' || ultimo_evento || ' after the end on ' || data_cessazione
FROM {{target}}.rapporti WHERE ultimo_evento > data_cessazione;
