-- Data-quality warnings of the file being loaded (over its staged rows, co_stage):
-- codes the reference lists do not know, and what the workers' codici fiscali say
-- against their rows (cf_esito, from the safe copy: never the code itself).
-- Grain: one row per warning kind with at least one row. The rows are loaded all the
-- same (contract, cessation and transformation codes grouped as ALTRO downstream):
-- the ministry's lists grow, and a new code must not throw away a real hire.
-- Columns: code, column_name, n (rows), examples (up to 10 codes, or for the cf_
-- warnings up to 10 line numbers, in order, or for the data_invio warnings up to 10
-- months), ultimo_mese (data_invio warnings: the extract's last month, YYYY-MM).
-- $oggi: the ingest day (ISO date).
WITH loaded AS (SELECT * FROM co_stage),
-- The extract's period ends with the last month it holds in normal volume (mesi_invio,
-- src/db/monthly_volume.sql). A row sent after that month, or after the ingest day, is
-- loaded all the same but said: one stray date must not pass for data of a later
-- period. A row in the future is counted as such, not also as after the period.
period AS (SELECT max(mese) FILTER (WHERE normale) AS ultimo_mese FROM mesi_invio('co_stage', NULL)),
late AS (
  SELECT CASE WHEN data_invio::DATE > $oggi::DATE THEN 'data_invio_future' ELSE 'data_invio_after_period' END AS code,
         strftime(data_invio, '%Y-%m') AS mese, strftime(ultimo_mese, '%Y-%m') AS ultimo_mese
  FROM loaded, period
  WHERE data_invio::DATE > $oggi::DATE OR date_trunc('month', data_invio) > ultimo_mese
),
checks AS (
  SELECT 'unknown_tipo_contratto' AS code, 'tipo_contratto' AS column_name, tipo_contratto AS value FROM loaded
  WHERE tipo_contratto NOT IN (SELECT codice FROM ref_tipologie_contrattuali)
  UNION ALL
  SELECT 'unknown_motivo_cessazione', 'motivo_cessazione', motivo_cessazione FROM loaded
  WHERE motivo_cessazione IS NOT NULL AND motivo_cessazione NOT IN (SELECT codice FROM ref_motivi_cessazione)
  UNION ALL
  SELECT 'unknown_codice_trasformazione', 'codice_trasformazione', codice_trasformazione FROM loaded
  WHERE codice_trasformazione IS NOT NULL AND codice_trasformazione NOT IN (SELECT codice FROM ref_codici_trasformazione)
  UNION ALL
  SELECT 'unknown_motivo_permesso', 'motivo_permesso', motivo_permesso FROM loaded
  WHERE motivo_permesso IS NOT NULL AND motivo_permesso NOT IN (SELECT cod_motivo FROM ref_motivi_permesso)
  UNION ALL
  SELECT 'unknown_ateco_divisione', 'datore_ateco', datore_ateco FROM loaded
  WHERE left(datore_ateco, 2) NOT IN (SELECT divisione FROM ref_ateco2007_divisioni)
    AND left(datore_ateco, 2) NOT IN (SELECT left(codice_2025, 2) FROM ref_ateco2025_sezione2007)
),
findings AS (
  SELECT 'cf_' || f.finding AS code, line
  FROM loaded, unnest(string_split(cf_esito, ' ')) AS f(finding)
  WHERE cf_esito IS NOT NULL
)
SELECT * FROM (
  SELECT code, column_name, count(*) AS n,
         array_to_string(list_slice(list_sort(list(DISTINCT value)), 1, 10), ', ') AS examples, NULL AS ultimo_mese
  FROM checks GROUP BY code, column_name
  UNION ALL
  SELECT code, 'lavoratore_cf', count(*), array_to_string(list_slice(list(line ORDER BY line), 1, 10), ', '), NULL
  FROM findings GROUP BY code
  UNION ALL
  SELECT code, 'data_invio', count(*), array_to_string(list_slice(list_sort(list(DISTINCT mese)), 1, 10), ', '), any_value(ultimo_mese)
  FROM late GROUP BY code
)
ORDER BY code
