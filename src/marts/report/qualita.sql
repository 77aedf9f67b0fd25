-- report figures: the data-quality notes.
-- grain: one row per item (voce), in the order the report shows them.
-- columns: voce (a fixed key the report labels), valore.
-- Rows read, loaded and rejected are those of every extract loaded so far (the report is
-- built on all of them); cessations are those of the flows of the semester [$inizio, $fine]
-- (eventi_flussi.sql, the slot below: one per rapporto, R5), in the report's province.
WITH cessazioni AS (
  SELECT tipo FROM ({{eventi_flussi}})
  WHERE tipo IN ('C', 'T') AND ($province::VARCHAR IS NULL OR provincia = $province::VARCHAR)
)
SELECT 'righe_lette_' || kind AS voce, sum(rows_read)::BIGINT AS valore FROM batches WHERE status = 'loaded' GROUP BY kind
UNION ALL
SELECT 'righe_scartate_' || kind, sum(rows_rejected)::BIGINT FROM batches WHERE status = 'loaded' GROUP BY kind
UNION ALL
SELECT 'file_falliti', count(*) FROM batches WHERE status = 'failed'
UNION ALL
SELECT 'ripetizioni', coalesce(sum(rows_repeated), 0)::BIGINT FROM batches WHERE status = 'loaded' AND kind = 'co'
UNION ALL
SELECT 'correzioni_orfane', count(*) FROM qualita_dati WHERE tipo = 'correzione_orfana'
UNION ALL
SELECT 'codici_sconosciuti', count(*) FROM qualita_dati WHERE tipo = 'codice_sconosciuto'
UNION ALL
-- workers' codici fiscali as the ingest found them (batch warnings, rows of every CO extract loaded)
SELECT 'cf_provvisori', coalesce(sum(w.n), 0)::BIGINT FROM batch_warnings w JOIN batches b USING (batch_id)
WHERE b.status = 'loaded' AND w.code = 'cf_provvisorio'
UNION ALL
SELECT 'cf_incoerenti', coalesce(sum(w.n), 0)::BIGINT FROM batch_warnings w JOIN batches b USING (batch_id)
WHERE b.status = 'loaded' AND w.code IN ('cf_data_impossibile', 'cf_comune_impossibile', 'cf_sesso_incoerente', 'cf_data_nascita_incoerente')
UNION ALL
SELECT 'cessazioni_comunicate', count(*) FILTER (WHERE tipo = 'C') FROM cessazioni
UNION ALL
SELECT 'cessazioni_implicite', count(*) FILTER (WHERE tipo = 'T') FROM cessazioni
UNION ALL
SELECT 'rapporti_iniziati_prima_dei_dati', count(*) FROM rapporti
WHERE iniziato_prima_dei_dati AND ($province::VARCHAR IS NULL OR provincia = $province::VARCHAR)

-- test: one row per item
SELECT voce, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1

-- test: every item not read from the batches' kinds is there
SELECT voce FROM (VALUES ('file_falliti'), ('ripetizioni'), ('correzioni_orfane'), ('codici_sconosciuti'),
                         ('cf_provvisori'), ('cf_incoerenti'), ('cessazioni_comunicate'), ('cessazioni_implicite'),
                         ('rapporti_iniziati_prima_dei_dati')) AS v(voce)
WHERE voce NOT IN (SELECT voce FROM {{table}})

-- test: every value is a count
SELECT * FROM {{table}} WHERE NOT valore >= 0
