-- Staging model for one CO file (pass 2), temporary for the file's transaction.
-- Grain: one row per well-formed record of the file (records DuckDB cannot split
-- into the header's columns are in co_rejects_errors instead).
-- Columns: rec (ordinal among well-formed records), nl (line breaks inside quoted
-- fields, for line numbers), line (file line, corrected later when needed), the
-- typed and pseudonymised communication as in co_comunicazioni, content_hash, and
-- errs: one struct per failed check (col, val, code); an empty list means loaded.
-- Values arrive only as bound parameters; {{...}} are identifier lists built from
-- the column contract, never from file content.
CREATE OR REPLACE TEMP TABLE co_stage AS
WITH r AS (
  SELECT
    ordinality AS rec,
    {{newlines}} AS nl,
    nullif(trim(codice_comunicazione), '') AS codice_comunicazione,
    coalesce(nullif(upper(trim(tipo_comunicazione)), ''), 'ORD') AS tipo_comunicazione,
    nullif(trim(codice_comunicazione_prec), '') AS codice_comunicazione_prec,
    nullif(upper(trim(tipo_evento)), '') AS tipo_evento,
    nullif(trim(data_invio), '') AS data_invio,
    nullif(upper(trim(lavoratore_cf)), '') AS lavoratore_cf,
    nullif(trim(lavoratore_id), '') AS lavoratore_id,
    nullif(upper(trim(sesso)), '') AS sesso,
    nullif(trim(data_nascita), '') AS data_nascita,
    nullif(trim(cittadinanza), '') AS cittadinanza,
    nullif(trim(titolo_soggiorno), '') AS titolo_soggiorno,
    nullif(upper(trim(motivo_permesso)), '') AS motivo_permesso,
    nullif(trim(scadenza_permesso), '') AS scadenza_permesso,
    nullif(upper(trim(datore_cf)), '') AS datore_cf,
    nullif(trim(datore_id), '') AS datore_id,
    nullif(trim(datore_ateco), '') AS datore_ateco,
    nullif(upper(trim(sede_comune)), '') AS sede_comune,
    nullif(trim(data_inizio), '') AS data_inizio,
    nullif(trim(data_fine), '') AS data_fine,
    nullif(trim(data_evento), '') AS data_evento,
    nullif(upper(trim(tipo_contratto)), '') AS tipo_contratto,
    nullif(upper(trim(codice_trasformazione)), '') AS codice_trasformazione,
    nullif(upper(trim(motivo_cessazione)), '') AS motivo_cessazione,
    nullif(upper(trim(tipo_orario)), '') AS tipo_orario,
    nullif(trim(qualifica), '') AS qualifica
  FROM (SELECT * {{missing_columns}}
        FROM read_csv($path, delim = $delim, quote = '"', escape = '"', header = true, auto_detect = false,
                      columns = $columns, store_rejects = true,
                      rejects_scan = 'co_rejects_scan', rejects_table = 'co_rejects_errors') WITH ORDINALITY)
),
t AS (
  SELECT r.*,
    co_timestamp(r.data_invio) AS t_invio,
    co_date(r.data_nascita) AS t_nascita,
    co_date(r.scadenza_permesso) AS t_scadenza,
    co_date(r.data_inizio) AS t_inizio,
    co_date(r.data_fine) AS t_fine,
    co_date(r.data_evento) AS t_evento,
    CASE WHEN regexp_full_match(r.cittadinanza, '[0-9]{1,3}') THEN lpad(r.cittadinanza, 3, '0') END AS t_citt,
    CASE WHEN regexp_full_match(r.sede_comune, '[0-9]{5,6}') THEN lpad(r.sede_comune, 6, '0') ELSE r.sede_comune END AS t_sede,
    ateco_norm(r.datore_ateco) AS t_ateco
  FROM r
),
j AS (
  SELECT t.*,
    p.codice_istat AS p_citt,
    p.codice_istat IS NOT NULL AND p.codice_istat <> '100' AND p.senza_permesso = 'N'
      AND NOT coalesce(p.ue_dal::DATE <= t.t_evento AND (p.ue_al IS NULL OR t.t_evento <= p.ue_al::DATE), false)
      AS serve_permesso,
    m.codice_istat AS m_sede, m.provincia AS m_provincia, m.codice_provincia AS m_codice_provincia,
    k.gruppo AS k_gruppo,
    ts.cod_status_straniero AS ts_codice,
    pw.valido AS pw_valido, pw.pseudonimo AS pw_pseudonimo,
    pd.valido AS pd_valido, pd.pseudonimo AS pd_pseudonimo
  FROM t
  LEFT JOIN ref_paesi p ON p.codice = t.t_citt
  LEFT JOIN ref_comuni m ON m.codice = t.t_sede
  LEFT JOIN ref_tipologie_contrattuali k ON k.codice = t.tipo_contratto
  LEFT JOIN ref_titoli_soggiorno ts ON ts.cod_status_straniero = t.titolo_soggiorno
  LEFT JOIN co_pseudonyms pw ON pw.cf = t.lavoratore_cf
  LEFT JOIN co_pseudonyms pd ON pd.cf = t.datore_cf
)
SELECT
  rec, nl, rec + 1 AS line,
  codice_comunicazione, tipo_comunicazione, codice_comunicazione_prec, tipo_evento,
  t_invio AS data_invio,
  coalesce(pw_pseudonimo, lavoratore_id) AS lavoratore_id,
  sesso, t_nascita AS data_nascita, p_citt AS cittadinanza, titolo_soggiorno, motivo_permesso,
  t_scadenza AS scadenza_permesso,
  coalesce(pd_pseudonimo, datore_id) AS datore_id,
  t_ateco AS datore_ateco, m_sede AS sede_comune, m_provincia AS provincia, m_codice_provincia AS codice_provincia,
  t_inizio AS data_inizio, t_fine AS data_fine, t_evento AS data_evento,
  tipo_contratto, codice_trasformazione, motivo_cessazione, tipo_orario, qualifica,
  hash(codice_comunicazione, tipo_comunicazione, codice_comunicazione_prec, tipo_evento, t_invio,
       coalesce(pw_pseudonimo, lavoratore_id), sesso, t_nascita, p_citt, titolo_soggiorno, motivo_permesso,
       t_scadenza, coalesce(pd_pseudonimo, datore_id), t_ateco, m_sede, t_inizio, t_fine, t_evento,
       tipo_contratto, codice_trasformazione, motivo_cessazione, tipo_orario, qualifica) AS content_hash,
  list_filter([
    CASE WHEN codice_comunicazione IS NULL THEN {'col': 'codice_comunicazione', 'val': NULL::VARCHAR, 'code': 'missing'} END,
    CASE WHEN tipo_comunicazione NOT IN ('ORD', 'RET', 'ANN') THEN {'col': 'tipo_comunicazione', 'val': tipo_comunicazione, 'code': 'unknown_code'} END,
    CASE WHEN tipo_comunicazione IN ('RET', 'ANN') AND codice_comunicazione_prec IS NULL THEN {'col': 'codice_comunicazione_prec', 'val': NULL, 'code': 'missing'} END,
    CASE WHEN tipo_evento IS NULL THEN {'col': 'tipo_evento', 'val': NULL, 'code': 'missing'}
         WHEN tipo_evento NOT IN ('ASS', 'PRO', 'TRS', 'CES', 'TRD') THEN {'col': 'tipo_evento', 'val': tipo_evento, 'code': 'unknown_code'} END,
    CASE WHEN data_invio IS NULL THEN {'col': 'data_invio', 'val': NULL, 'code': 'missing'}
         WHEN t_invio IS NULL THEN {'col': 'data_invio', 'val': data_invio, 'code': 'invalid_date'} END,
    CASE WHEN lavoratore_cf IS NULL AND lavoratore_id IS NULL THEN {'col': 'lavoratore_cf', 'val': NULL, 'code': 'missing'}
         WHEN lavoratore_cf IS NOT NULL AND (length(lavoratore_cf) <> 16 OR NOT pw_valido)
           THEN {'col': 'lavoratore_cf', 'val': '[codice fiscale oscurato, ' || length(lavoratore_cf) || ' caratteri]', 'code': 'invalid_codice_fiscale'} END,
    CASE WHEN sesso IS NULL THEN {'col': 'sesso', 'val': NULL, 'code': 'missing'}
         WHEN sesso NOT IN ('M', 'F') THEN {'col': 'sesso', 'val': sesso, 'code': 'invalid_value'} END,
    CASE WHEN data_nascita IS NULL THEN {'col': 'data_nascita', 'val': NULL, 'code': 'missing'}
         WHEN t_nascita IS NULL THEN {'col': 'data_nascita', 'val': data_nascita, 'code': 'invalid_date'} END,
    CASE WHEN cittadinanza IS NULL THEN {'col': 'cittadinanza', 'val': NULL, 'code': 'missing'}
         WHEN p_citt IS NULL THEN {'col': 'cittadinanza', 'val': cittadinanza, 'code': 'unknown_code'} END,
    CASE WHEN titolo_soggiorno IS NOT NULL AND ts_codice IS NULL THEN {'col': 'titolo_soggiorno', 'val': titolo_soggiorno, 'code': 'unknown_code'}
         WHEN titolo_soggiorno IS NULL AND serve_permesso THEN {'col': 'titolo_soggiorno', 'val': NULL, 'code': 'missing_for_non_eu'} END,
    CASE WHEN scadenza_permesso IS NOT NULL AND t_scadenza IS NULL THEN {'col': 'scadenza_permesso', 'val': scadenza_permesso, 'code': 'invalid_date'} END,
    CASE WHEN datore_cf IS NULL AND datore_id IS NULL THEN {'col': 'datore_cf', 'val': NULL, 'code': 'missing'}
         WHEN datore_cf IS NOT NULL AND NOT pd_valido
           THEN {'col': 'datore_cf', 'val': '[codice fiscale oscurato, ' || length(datore_cf) || ' caratteri]', 'code': 'invalid_codice_fiscale'} END,
    CASE WHEN datore_ateco IS NULL THEN {'col': 'datore_ateco', 'val': NULL, 'code': 'missing'}
         WHEN t_ateco IS NULL THEN {'col': 'datore_ateco', 'val': datore_ateco, 'code': 'invalid_value'} END,
    CASE WHEN sede_comune IS NULL THEN {'col': 'sede_comune', 'val': NULL, 'code': 'missing'}
         WHEN m_sede IS NULL THEN {'col': 'sede_comune', 'val': sede_comune, 'code': 'unknown_code'} END,
    CASE WHEN data_inizio IS NULL THEN {'col': 'data_inizio', 'val': NULL, 'code': 'missing'}
         WHEN t_inizio IS NULL THEN {'col': 'data_inizio', 'val': data_inizio, 'code': 'invalid_date'} END,
    CASE WHEN data_fine IS NOT NULL AND t_fine IS NULL THEN {'col': 'data_fine', 'val': data_fine, 'code': 'invalid_date'}
         WHEN t_fine < t_inizio THEN {'col': 'data_fine', 'val': data_fine, 'code': 'end_before_start'}
         WHEN data_fine IS NULL AND (tipo_evento = 'PRO' OR (tipo_evento = 'ASS' AND k_gruppo = 'TD'))
           THEN {'col': 'data_fine', 'val': NULL, 'code': 'missing_for_fixed_term'} END,
    CASE WHEN data_evento IS NULL THEN {'col': 'data_evento', 'val': NULL, 'code': 'missing'}
         WHEN t_evento IS NULL THEN {'col': 'data_evento', 'val': data_evento, 'code': 'invalid_date'} END,
    CASE WHEN tipo_contratto IS NULL THEN {'col': 'tipo_contratto', 'val': NULL, 'code': 'missing'} END,
    CASE WHEN tipo_evento = 'TRS' AND codice_trasformazione IS NULL THEN {'col': 'codice_trasformazione', 'val': NULL, 'code': 'missing'} END,
    CASE WHEN tipo_evento = 'CES' AND motivo_cessazione IS NULL THEN {'col': 'motivo_cessazione', 'val': NULL, 'code': 'missing'} END
  ], e -> e IS NOT NULL) AS errs
FROM j
