-- The typed and checked rows of one INPS extract, as a table macro shared by the
-- load and the rejects. Grain: one row per well-formed record. Columns: rec, line,
-- the row typed as in inps_beneficiari, v_<column> (value as written),
-- chk_<column>__<reason>, failed. {{...}} are fixed fragments chosen by the code.
CREATE OR REPLACE TEMP MACRO inps_checked(csv_path, csv_delim, csv_columns) AS TABLE
WITH r AS (
  SELECT __riga__ AS rec,
         nullif(upper(trim(periodo)), '') AS periodo,
         nullif(upper(trim(provincia)), '') AS provincia,
         nullif(upper(trim(prestazione)), '') AS prestazione,
         nullif(upper(trim(cittadinanza)), '') AS cittadinanza,
         nullif(upper(trim(sesso)), '') AS sesso,
         nullif(trim(beneficiari), '') AS beneficiari,
         nullif(trim(ore_autorizzate), '') AS ore_autorizzate
  FROM (SELECT * {{missing_columns}}
        FROM read_csv(csv_path, delim = csv_delim, quote = '"', escape = '"', header = true, auto_detect = false,
                      columns = csv_columns))
),
t AS (
  SELECT r.*, r.rec AS line,
    CASE WHEN regexp_full_match(r.periodo, '[0-9]{4}') THEN 'A'
         WHEN regexp_full_match(r.periodo, '[0-9]{4}-H[12]') THEN 'S'
         WHEN regexp_full_match(r.periodo, '[0-9]{4}-(0[1-9]|1[0-2])') THEN 'M' END AS t_tipo,
    try_cast(left(r.periodo, 4) AS INTEGER) AS t_anno,
    -- digits only: DuckDB's cast would round 1.5 to 2 and read 1e3 as 1000
    CASE WHEN regexp_full_match(r.beneficiari, '[0-9]{1,15}') THEN r.beneficiari::BIGINT END AS t_beneficiari,
    try_cast(replace(r.ore_autorizzate, ',', '.') AS DOUBLE) AS t_ore,
    CASE WHEN length(r.cittadinanza) < 3 AND regexp_full_match(r.cittadinanza, '[0-9]+') THEN lpad(r.cittadinanza, 3, '0')
         ELSE r.cittadinanza END AS t_citt
  FROM r
),
d AS (
  SELECT t.*,
    CASE t_tipo WHEN 'A' THEN make_date(t_anno, 1, 1)
                WHEN 'S' THEN make_date(t_anno, CASE WHEN right(periodo, 1) = '1' THEN 1 ELSE 7 END, 1)
                WHEN 'M' THEN make_date(t_anno, right(periodo, 2)::INTEGER, 1) END AS t_inizio
  FROM t
),
j AS (
  SELECT d.*,
    CASE t_tipo WHEN 'A' THEN make_date(t_anno, 12, 31)
                WHEN 'S' THEN last_day(t_inizio + INTERVAL 5 MONTH)
                WHEN 'M' THEN last_day(t_inizio) END AS t_fine,
    coalesce(pv.provincia, pc.provincia) AS p_provincia,
    coalesce(pv.codice_provincia, pc.codice_provincia) AS p_codice_provincia,
    p.codice_istat AS p_citt, p.ue_dal::DATE AS p_ue_dal, p.ue_al::DATE AS p_ue_al
  FROM d
  LEFT JOIN ref_province pv ON pv.provincia = d.provincia
  LEFT JOIN ref_province pc ON pc.codice_provincia = lpad(d.provincia, 3, '0') AND regexp_full_match(d.provincia, '[0-9]{1,3}')
  LEFT JOIN ref_paesi p ON p.codice = d.t_citt
),
c AS (
  SELECT j.*,
    CASE WHEN t_citt IN ('ITA', 'UE', 'NUE') THEN t_citt
         WHEN p_citt = '100' THEN 'ITA'
         WHEN p_ue_dal <= t_fine AND (p_ue_al IS NULL OR t_fine <= p_ue_al) THEN 'UE'
         WHEN p_citt IS NOT NULL THEN 'NUE' END AS gruppo,
    periodo IS NULL AS chk_periodo__missing,
    periodo IS NOT NULL AND t_tipo IS NULL AS chk_periodo__invalid_value,
    provincia IS NULL AS chk_provincia__missing,
    provincia IS NOT NULL AND p_provincia IS NULL AS chk_provincia__unknown_code,
    prestazione IS NULL AS chk_prestazione__missing,
    coalesce(co_masked(prestazione), false) AS chk_prestazione__raw_identifier,
    cittadinanza IS NULL AS chk_cittadinanza__missing,
    cittadinanza IS NOT NULL AND t_citt NOT IN ('ITA', 'UE', 'NUE') AND p_citt IS NULL AS chk_cittadinanza__unknown_code,
    coalesce(sesso NOT IN ('M', 'F'), false) AS chk_sesso__invalid_value,
    beneficiari IS NULL AS chk_beneficiari__missing,
    beneficiari IS NOT NULL AND t_beneficiari IS NULL AS chk_beneficiari__invalid_value,
    ore_autorizzate IS NOT NULL AND coalesce(t_ore < 0, true) AS chk_ore_autorizzate__invalid_value
  FROM j
),
safe AS (
  SELECT COLUMNS(col -> NOT starts_with(col, 'chk_')), COLUMNS('^chk_') IS NOT false FROM c
)
SELECT rec, line, periodo, t_tipo AS periodo_tipo, t_inizio AS periodo_inizio, t_fine AS periodo_fine,
       p_provincia AS provincia, p_codice_provincia AS codice_provincia, prestazione,
       CASE WHEN t_citt IN ('ITA', 'UE', 'NUE') THEN NULL ELSE p_citt END AS cittadinanza,
       gruppo AS gruppo_cittadinanza, sesso, t_beneficiari AS beneficiari, t_ore AS ore_autorizzate,
       periodo AS v_periodo, provincia AS v_provincia, prestazione AS v_prestazione, cittadinanza AS v_cittadinanza,
       sesso AS v_sesso, beneficiari AS v_beneficiari, ore_autorizzate AS v_ore_autorizzate,
       COLUMNS('^chk_'),
       greatest(*COLUMNS('^chk_')) AS failed
FROM safe
