-- The typed and checked rows of one CO file, as a table macro, so that the load and
-- the rejects statements share one definition of every check. It reads the safe copy
-- (writeSafeCopy.ts): lavoratore_cf and datore_cf already hold pseudonyms (32 hex
-- characters) or a masked value, and any other value shaped like a codice fiscale is
-- masked (co_masked): no raw identifier is ever read here.
-- Grain: one row per record of the copy (malformed lines are in ingest_bad_lines).
-- Columns: rec and line (where the record starts in the file, as an editor shows it);
-- the communication typed as in co_comunicazioni; cf_esito: what the worker's valid code
-- says against its row (workerCode.ts: provvisorio, sesso_incoerente...; space-separated,
-- NULL for nothing); v_<column>: the value as written,
-- for rejects; chk_<column>__<reason>: the row fails that check; failed: any check failed.
-- {{...}} are fixed SQL fragments and identifier lists chosen by the code, never values;
-- {{trim}} is trim, or nothing when no value of the file starts or ends with a space.
CREATE OR REPLACE TEMP MACRO co_checked(csv_path, csv_delim, csv_columns) AS TABLE
WITH r AS (
  SELECT
    __riga__ AS rec,
    nullif({{trim}}(codice_comunicazione), '') AS codice_comunicazione,
    coalesce(nullif(upper({{trim}}(tipo_comunicazione)), ''), 'ORD') AS tipo_comunicazione,
    nullif({{trim}}(codice_comunicazione_prec), '') AS codice_comunicazione_prec,
    nullif(upper({{trim}}(tipo_evento)), '') AS tipo_evento,
    nullif({{trim}}(data_invio), '') AS data_invio,
    nullif(lavoratore_cf, '') AS lavoratore_cf,
    nullif({{trim}}(lavoratore_id), '') AS lavoratore_id,
    nullif(upper({{trim}}(sesso)), '') AS sesso,
    nullif({{trim}}(data_nascita), '') AS data_nascita,
    nullif({{trim}}(cittadinanza), '') AS cittadinanza,
    nullif({{trim}}(titolo_soggiorno), '') AS titolo_soggiorno,
    nullif(upper({{trim}}(motivo_permesso)), '') AS motivo_permesso,
    nullif({{trim}}(scadenza_permesso), '') AS scadenza_permesso,
    nullif(datore_cf, '') AS datore_cf,
    nullif({{trim}}(datore_id), '') AS datore_id,
    nullif({{trim}}(datore_ateco), '') AS datore_ateco,
    nullif(upper({{trim}}(sede_comune)), '') AS sede_comune,
    nullif({{trim}}(data_inizio), '') AS data_inizio,
    nullif({{trim}}(data_fine), '') AS data_fine,
    nullif({{trim}}(data_evento), '') AS data_evento,
    nullif(upper({{trim}}(tipo_contratto)), '') AS tipo_contratto,
    nullif(upper({{trim}}(codice_trasformazione)), '') AS codice_trasformazione,
    nullif(upper({{trim}}(motivo_cessazione)), '') AS motivo_cessazione,
    nullif(upper({{trim}}(tipo_orario)), '') AS tipo_orario,
    nullif({{trim}}(qualifica), '') AS qualifica,
    nullif(__cf_esito__, '') AS cf_esito
  FROM (SELECT * {{missing_columns}}
        FROM read_csv(csv_path, delim = csv_delim, quote = '"', escape = '"', header = true, auto_detect = false,
                      columns = csv_columns))
),
t AS (
  SELECT r.*, r.rec AS line,
    co_timestamp(r.data_invio) AS t_invio,
    co_date(r.data_nascita) AS t_nascita,
    co_date(r.scadenza_permesso) AS t_scadenza,
    co_date(r.data_inizio) AS t_inizio,
    co_date(r.data_fine) AS t_fine,
    co_date(r.data_evento) AS t_evento,
    -- Spreadsheets drop leading zeros; a padded code that is not a real one finds no
    -- match in the reference table and is rejected as unknown.
    CASE WHEN length(r.cittadinanza) < 3 THEN lpad(r.cittadinanza, 3, '0') ELSE r.cittadinanza END AS t_citt,
    CASE WHEN length(r.sede_comune) = 5 THEN lpad(r.sede_comune, 6, '0') ELSE r.sede_comune END AS t_sede,
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
    ts.cod_status_straniero AS ts_codice
  FROM t
  LEFT JOIN ref_paesi p ON p.codice = t.t_citt
  LEFT JOIN ref_comuni m ON m.codice = t.t_sede
  LEFT JOIN ref_tipologie_contrattuali k ON k.codice = t.tipo_contratto
  LEFT JOIN ref_titoli_soggiorno ts ON ts.cod_status_straniero = t.titolo_soggiorno
),
c AS (
  SELECT j.*,
    codice_comunicazione IS NULL AS chk_codice_comunicazione__missing,
    coalesce(co_masked(codice_comunicazione), false) AS chk_codice_comunicazione__raw_identifier,
    coalesce(co_masked(codice_comunicazione_prec), false) AS chk_codice_comunicazione_prec__raw_identifier,
    tipo_comunicazione NOT IN ('ORD', 'RET', 'ANN') AS chk_tipo_comunicazione__unknown_code,
    tipo_comunicazione IN ('RET', 'ANN') AND codice_comunicazione_prec IS NULL AS chk_codice_comunicazione_prec__missing,
    tipo_evento IS NULL AS chk_tipo_evento__missing,
    coalesce(tipo_evento NOT IN ('ASS', 'PRO', 'TRS', 'CES', 'TRD'), false) AS chk_tipo_evento__unknown_code,
    data_invio IS NULL AS chk_data_invio__missing,
    data_invio IS NOT NULL AND t_invio IS NULL AS chk_data_invio__invalid_date,
    lavoratore_cf IS NULL AND lavoratore_id IS NULL AS chk_lavoratore_cf__missing,
    -- 11 characters: read as a provisional codice fiscale (11 digits, partita IVA check digit).
    lavoratore_cf IS NOT NULL AND co_masked(lavoratore_cf) AND NOT ends_with(lavoratore_cf, ' 11 caratteri]')
      AS chk_lavoratore_cf__invalid_codice_fiscale,
    lavoratore_cf IS NOT NULL AND co_masked(lavoratore_cf) AND ends_with(lavoratore_cf, ' 11 caratteri]')
      AS chk_lavoratore_cf__invalid_provisional_codice_fiscale,
    coalesce(co_masked(lavoratore_id), false) AS chk_lavoratore_id__raw_identifier,
    sesso IS NULL AS chk_sesso__missing,
    coalesce(sesso NOT IN ('M', 'F'), false) AS chk_sesso__invalid_value,
    data_nascita IS NULL AS chk_data_nascita__missing,
    data_nascita IS NOT NULL AND t_nascita IS NULL AS chk_data_nascita__invalid_date,
    cittadinanza IS NULL AS chk_cittadinanza__missing,
    cittadinanza IS NOT NULL AND p_citt IS NULL AS chk_cittadinanza__unknown_code,
    titolo_soggiorno IS NOT NULL AND ts_codice IS NULL AS chk_titolo_soggiorno__unknown_code,
    titolo_soggiorno IS NULL AND coalesce(serve_permesso, false) AS chk_titolo_soggiorno__missing_for_non_eu,
    scadenza_permesso IS NOT NULL AND t_scadenza IS NULL AS chk_scadenza_permesso__invalid_date,
    datore_cf IS NULL AND datore_id IS NULL AS chk_datore_cf__missing,
    datore_cf IS NOT NULL AND co_masked(datore_cf) AS chk_datore_cf__invalid_codice_fiscale,
    coalesce(co_masked(datore_id), false) AS chk_datore_id__raw_identifier,
    datore_ateco IS NULL AS chk_datore_ateco__missing,
    datore_ateco IS NOT NULL AND t_ateco IS NULL AS chk_datore_ateco__invalid_value,
    sede_comune IS NULL AS chk_sede_comune__missing,
    sede_comune IS NOT NULL AND m_sede IS NULL AS chk_sede_comune__unknown_code,
    data_inizio IS NULL AS chk_data_inizio__missing,
    data_inizio IS NOT NULL AND t_inizio IS NULL AS chk_data_inizio__invalid_date,
    data_fine IS NOT NULL AND t_fine IS NULL AS chk_data_fine__invalid_date,
    coalesce(t_fine < t_inizio, false) AS chk_data_fine__end_before_start,
    data_fine IS NULL AND (tipo_evento = 'PRO' OR (tipo_evento = 'ASS' AND coalesce(k_gruppo = 'TD', false))) AS chk_data_fine__missing_for_fixed_term,
    data_evento IS NULL AS chk_data_evento__missing,
    data_evento IS NOT NULL AND t_evento IS NULL AS chk_data_evento__invalid_date,
    coalesce(t_evento < t_inizio, false) AS chk_data_evento__event_before_start,
    tipo_contratto IS NULL AS chk_tipo_contratto__missing,
    -- Codes loaded even when unknown (warnings_co.sql) must still not be a masked codice fiscale.
    coalesce(co_masked(tipo_contratto), false) AS chk_tipo_contratto__raw_identifier,
    coalesce(co_masked(motivo_permesso), false) AS chk_motivo_permesso__raw_identifier,
    coalesce(co_masked(codice_trasformazione), false) AS chk_codice_trasformazione__raw_identifier,
    coalesce(co_masked(motivo_cessazione), false) AS chk_motivo_cessazione__raw_identifier,
    coalesce(co_masked(tipo_orario), false) AS chk_tipo_orario__raw_identifier,
    coalesce(co_masked(qualifica), false) AS chk_qualifica__raw_identifier,
    coalesce(tipo_evento = 'TRS', false) AND codice_trasformazione IS NULL AS chk_codice_trasformazione__missing,
    coalesce(tipo_evento = 'CES', false) AND motivo_cessazione IS NULL AS chk_motivo_cessazione__missing
  FROM j
),
safe AS (
  -- A check that cannot be decided (NULL) fails the row rather than letting it through.
  SELECT COLUMNS(col -> NOT starts_with(col, 'chk_')), COLUMNS('^chk_') IS NOT false FROM c
)
SELECT
  rec, line,
  codice_comunicazione, tipo_comunicazione, codice_comunicazione_prec, tipo_evento,
  t_invio AS data_invio,
  coalesce(lavoratore_cf, lavoratore_id) AS lavoratore_id,
  sesso, t_nascita AS data_nascita, p_citt AS cittadinanza, titolo_soggiorno, motivo_permesso,
  t_scadenza AS scadenza_permesso,
  coalesce(datore_cf, datore_id) AS datore_id,
  t_ateco AS datore_ateco, m_sede AS sede_comune, m_provincia AS provincia, m_codice_provincia AS codice_provincia,
  t_inizio AS data_inizio, t_fine AS data_fine, t_evento AS data_evento,
  tipo_contratto, codice_trasformazione, motivo_cessazione, tipo_orario, qualifica, cf_esito,
  codice_comunicazione AS v_codice_comunicazione, tipo_comunicazione AS v_tipo_comunicazione,
  codice_comunicazione_prec AS v_codice_comunicazione_prec, tipo_evento AS v_tipo_evento, data_invio AS v_data_invio,
  lavoratore_cf AS v_lavoratore_cf, lavoratore_id AS v_lavoratore_id,
  sesso AS v_sesso, data_nascita AS v_data_nascita, cittadinanza AS v_cittadinanza,
  titolo_soggiorno AS v_titolo_soggiorno, motivo_permesso AS v_motivo_permesso, scadenza_permesso AS v_scadenza_permesso,
  datore_cf AS v_datore_cf, datore_id AS v_datore_id,
  datore_ateco AS v_datore_ateco, sede_comune AS v_sede_comune, data_inizio AS v_data_inizio, data_fine AS v_data_fine,
  data_evento AS v_data_evento, tipo_contratto AS v_tipo_contratto, codice_trasformazione AS v_codice_trasformazione,
  motivo_cessazione AS v_motivo_cessazione, tipo_orario AS v_tipo_orario, qualifica AS v_qualifica,
  COLUMNS('^chk_'),
  greatest(*COLUMNS('^chk_')) AS failed
FROM safe
