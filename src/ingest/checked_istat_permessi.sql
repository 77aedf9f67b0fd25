-- The typed and checked rows of one ISTAT residence-permit extract (SDMX-CSV flow
-- DCIS_PERMSOGG, DATA_TYPE RESPER: permits of non-EU citizens valid on 1 January), as a
-- table macro shared by the load and the rejects. Grain: one row per well-formed record.
-- TYPE_RES_PERMIT: LONGT long-term (EU long-term residents: no expiry), NLONGT with an
-- expiry, TOTAL both; TYPE_RES_PERMIT_REASON kept as written (ALL = every reason).
-- Columns: rec, line, the row as in istat_permessi, v_<column>, chk_<column>__<reason>, failed.
CREATE OR REPLACE TEMP MACRO istat_permessi_checked(csv_path, csv_delim, csv_columns) AS TABLE
WITH r AS (
  SELECT __riga__ AS rec,
         nullif(trim(anno), '') AS anno, nullif(upper(trim(territorio)), '') AS territorio,
         nullif(upper(trim(sesso)), '') AS sesso, nullif(upper(trim(eta)), '') AS eta,
         nullif(upper(trim(cittadinanza)), '') AS cittadinanza,
         nullif(upper(trim(tipo_permesso)), '') AS tipo_permesso, nullif(upper(trim(motivo_permesso)), '') AS motivo_permesso,
         nullif(trim(valore), '') AS permessi
  FROM (SELECT * {{missing_columns}}
        FROM read_csv(csv_path, delim = csv_delim, quote = '"', escape = '"', header = true, auto_detect = false,
                      columns = csv_columns))
),
t AS (
  SELECT r.*, r.rec AS line,
    CASE WHEN regexp_full_match(r.anno, '[0-9]{4}') THEN r.anno::INTEGER END AS t_anno,
    CASE WHEN regexp_full_match(r.permessi, '[0-9]{1,15}') THEN r.permessi::BIGINT END AS t_permessi,
    l.livello AS p_livello, l.provincia AS p_provincia, l.codice_provincia AS p_codice_provincia, l.codice_regione AS p_regione, l.ripartizione AS p_ripartizione,
    istat_sesso(r.sesso, true) AS t_sesso,
    istat_eta(r.eta) AS t_eta,
    CASE WHEN r.tipo_permesso IS NULL OR r.tipo_permesso = 'TOTAL' THEN 'TOTALE' WHEN r.tipo_permesso = 'LONGT' THEN 'LUNGO_PERIODO'
         WHEN r.tipo_permesso = 'NLONGT' THEN 'CON_SCADENZA' END AS t_tipo,
    coalesce(CASE WHEN r.motivo_permesso IN ('ALL', 'TOTAL') THEN 'TOTALE' ELSE r.motivo_permesso END, 'TOTALE') AS t_motivo,
    mc.valore AS aggregato_gruppo,
    CASE WHEN mc.valore IS NULL THEN istat_paese(r.cittadinanza) END AS p_citt
  FROM r
  LEFT JOIN istat_luoghi() l ON l.codice = r.territorio AND l.sdmx
  LEFT JOIN ref_istat_sdmx_codici mc ON mc.dimensione = 'cittadinanza' AND mc.codice = r.cittadinanza
),
c AS (
  SELECT t.*,
    anno IS NULL AS chk_anno__missing,
    anno IS NOT NULL AND t_anno IS NULL AS chk_anno__invalid_value,
    territorio IS NULL AS chk_territorio__missing,
    territorio IS NOT NULL AND p_livello IS NULL AS chk_territorio__unknown_code,
    t_sesso IS NULL AS chk_sesso__unknown_code,
    t_eta IS NULL AS chk_eta__unknown_code,
    cittadinanza IS NOT NULL AND aggregato_gruppo IS NULL AND p_citt IS NULL AS chk_cittadinanza__unknown_code,
    tipo_permesso IS NOT NULL AND t_tipo IS NULL AS chk_tipo_permesso__unknown_code,
    permessi IS NULL AS chk_permessi__missing,
    permessi IS NOT NULL AND t_permessi IS NULL AS chk_permessi__invalid_value
  FROM t
),
safe AS (
  SELECT COLUMNS(col -> NOT starts_with(col, 'chk_')), COLUMNS('^chk_') IS NOT false FROM c
)
SELECT rec, line, t_anno AS anno, make_date(t_anno, 1, 1) AS data_riferimento, p_livello AS livello,
       p_provincia AS provincia, p_codice_provincia AS codice_provincia, p_regione AS codice_regione, p_ripartizione AS ripartizione,
       p_citt AS cittadinanza, CASE WHEN aggregato_gruppo IS NOT NULL OR cittadinanza IS NULL THEN coalesce(cittadinanza, 'WORLD') END AS aggregato,
       t_sesso AS sesso, t_eta AS eta, t_tipo AS tipo_permesso, t_motivo AS motivo_permesso, t_permessi AS permessi,
       -- aggregates of other rows: sex total, above the province, both permit types (a citizenship
       -- aggregate such as WORLD, all non-EU citizens, is told by aggregato)
       t_sesso = 'T' OR p_livello <> 'provincia' OR t_tipo = 'TOTALE' AS totale,
       anno AS v_anno, territorio AS v_territorio, sesso AS v_sesso, eta AS v_eta, cittadinanza AS v_cittadinanza,
       tipo_permesso AS v_tipo_permesso, permessi AS v_permessi,
       COLUMNS('^chk_'),
       greatest(*COLUMNS('^chk_')) AS failed
FROM safe
