-- The typed and checked rows of one ISTAT labour-force extract (RCFL, SDMX-CSV flows
-- DCCV_TAXOCCU, DCCV_TAXDISOCCU, DCCV_TAXATVT, DCCV_TAXINATT), as a table macro shared by
-- the load and the rejects. Grain: one row per well-formed record.
-- DATA_TYPE EMP_R, UNEM_R, ACT_R, INACT_R: rates in per cent (66.3), kept as decimals,
-- never as counts. TIME_PERIOD a year (2024) or a quarter (2024-Q1). CITIZENSHIP ITL
-- (Italian), FRG (foreign), TOTAL; the other aggregates of ref_istat_sdmx_codici as groups.
-- Columns: rec, line, the row as in istat_forze_lavoro, v_<column>, chk_<column>__<reason>, failed.
CREATE OR REPLACE TEMP MACRO istat_forze_lavoro_checked(csv_path, csv_delim, csv_columns) AS TABLE
WITH r AS (
  SELECT __riga__ AS rec,
         nullif(upper(trim(data_type)), '') AS indicatore, nullif(upper(trim(anno)), '') AS periodo,
         nullif(upper(trim(territorio)), '') AS territorio, nullif(upper(trim(sesso)), '') AS sesso,
         nullif(upper(trim(eta)), '') AS eta, nullif(upper(trim(cittadinanza)), '') AS cittadinanza,
         nullif(trim(valore), '') AS tasso
  FROM (SELECT * {{missing_columns}}
        FROM read_csv(csv_path, delim = csv_delim, quote = '"', escape = '"', header = true, auto_detect = false,
                      columns = csv_columns))
),
t AS (
  SELECT r.*, r.rec AS line,
    CASE WHEN regexp_full_match(r.periodo, '[0-9]{4}(-Q[1-4])?') THEN r.periodo[1:4]::INTEGER END AS t_anno,
    CASE WHEN regexp_full_match(r.periodo, '[0-9]{4}-Q[1-4]') THEN r.periodo[7:7]::INTEGER END AS t_trimestre,
    -- a rate in per cent with a decimal point, as ISTAT writes it
    CASE WHEN regexp_full_match(r.tasso, '[0-9]{1,3}(\.[0-9]{1,9})?') AND r.tasso::DOUBLE <= 100
         THEN r.tasso::DECIMAL(12, 6) END AS t_tasso,
    l.livello AS p_livello, l.provincia AS p_provincia, l.codice_provincia AS p_codice_provincia, l.codice_regione AS p_regione,
    istat_sesso(r.sesso, true) AS t_sesso,
    istat_eta(r.eta) AS t_eta,
    CASE WHEN r.cittadinanza IS NULL OR r.cittadinanza = 'TOTAL' THEN 'TOTALE' WHEN r.cittadinanza = 'ITL' THEN 'ITA'
         WHEN r.cittadinanza = 'FRG' THEN 'STRANIERI'
         ELSE (SELECT valore FROM ref_istat_sdmx_codici WHERE dimensione = 'cittadinanza' AND codice = r.cittadinanza) END AS t_citt
  FROM r
  LEFT JOIN istat_luoghi() l ON l.codice = r.territorio AND l.sdmx
),
c AS (
  SELECT t.*,
    periodo IS NULL AS chk_anno__missing,
    periodo IS NOT NULL AND t_anno IS NULL AS chk_anno__invalid_value,
    territorio IS NULL AS chk_territorio__missing,
    territorio IS NOT NULL AND p_livello IS NULL AS chk_territorio__unknown_code,
    t_sesso IS NULL AS chk_sesso__unknown_code,
    t_eta IS NULL AS chk_eta__unknown_code,
    t_citt IS NULL AS chk_cittadinanza__unknown_code,
    tasso IS NULL AS chk_tasso__missing,
    tasso IS NOT NULL AND t_tasso IS NULL AS chk_tasso__invalid_value
  FROM t
),
safe AS (
  SELECT COLUMNS(col -> NOT starts_with(col, 'chk_')), COLUMNS('^chk_') IS NOT false FROM c
)
SELECT rec, line, indicatore, periodo, t_anno AS anno, t_trimestre AS trimestre, p_livello AS livello,
       p_provincia AS provincia, p_codice_provincia AS codice_provincia, p_regione AS codice_regione,
       t_sesso AS sesso, t_eta AS eta, t_citt AS gruppo_cittadinanza, t_tasso AS tasso,
       periodo AS v_anno, territorio AS v_territorio, sesso AS v_sesso, eta AS v_eta, cittadinanza AS v_cittadinanza,
       tasso AS v_tasso,
       COLUMNS('^chk_'),
       greatest(*COLUMNS('^chk_')) AS failed
FROM safe
