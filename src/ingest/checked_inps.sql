-- The typed and checked rows of one INPS extract, as a table macro shared by the
-- load and the rejects. Grain: one row per well-formed record. Columns: rec, line,
-- the row typed as in inps_beneficiari (livello provincia) or inps_beneficiari_regioni
-- (livello regione), v_<column> (value as written), chk_<column>__<reason>, failed.
-- {{...}} are fixed fragments chosen by the code: {{number_style}} is the file's
-- number style ('IT' or 'EN', numberStyle.ts). Needs it_values.sql.
CREATE OR REPLACE TEMP MACRO inps_checked(csv_path, csv_delim, csv_columns) AS TABLE
WITH r AS (
  SELECT __riga__ AS rec,
         nullif(upper(trim(periodo)), '') AS periodo,
         nullif(trim(provincia), '') AS provincia,
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
    -- Italian numbers (it_values.sql): 1.234 = 1234, 1.234,5 = 1234.5, - = 0; people whole
    it_count(r.beneficiari, {{number_style}}) AS t_beneficiari,
    it_number_failure(r.beneficiari, {{number_style}}, true) AS f_beneficiari,
    it_number(r.ore_autorizzate, {{number_style}}) AS t_ore,
    it_number_failure(r.ore_autorizzate, {{number_style}}, false) AS f_ore,
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
    tr.livello AS p_livello, tr.provincia AS p_provincia, tr.codice_provincia AS p_codice_provincia,
    tr.codice_regione AS p_codice_regione,
    p.codice_istat AS p_citt, p.ue_dal::DATE AS p_ue_dal, p.ue_al::DATE AS p_ue_al
  FROM d
  -- a code (MI, 015) or a name (Varese, Monza e Brianza, Bolzano/Bozen); a region (Lombardia) is a total kept apart
  LEFT JOIN co_territori tr ON tr.chiave = co_territorio_key(d.provincia)
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
    provincia IS NOT NULL AND p_livello IS NULL AS chk_provincia__unknown_code,
    prestazione IS NULL AS chk_prestazione__missing,
    coalesce(co_masked(prestazione), false) AS chk_prestazione__raw_identifier,
    cittadinanza IS NULL AS chk_cittadinanza__missing,
    cittadinanza IS NOT NULL AND t_citt NOT IN ('ITA', 'UE', 'NUE') AND p_citt IS NULL AS chk_cittadinanza__unknown_code,
    coalesce(sesso NOT IN ('M', 'F'), false) AS chk_sesso__invalid_value,
    beneficiari IS NULL AS chk_beneficiari__missing,
    coalesce(f_beneficiari = 'not_a_number', false) AS chk_beneficiari__not_a_number,
    coalesce(f_beneficiari = 'not_whole', false) AS chk_beneficiari__not_whole,
    coalesce(f_beneficiari = 'ambiguous_number', false) AS chk_beneficiari__ambiguous_number,
    coalesce(f_ore = 'not_a_number', false) AS chk_ore_autorizzate__not_a_number,
    coalesce(f_ore = 'ambiguous_number', false) AS chk_ore_autorizzate__ambiguous_number
  FROM j
),
safe AS (
  SELECT COLUMNS(col -> NOT starts_with(col, 'chk_')), COLUMNS('^chk_') IS NOT false FROM c
)
SELECT rec, line, periodo, t_tipo AS periodo_tipo, t_inizio AS periodo_inizio, t_fine AS periodo_fine,
       p_livello AS livello, p_provincia AS provincia, p_codice_provincia AS codice_provincia,
       p_codice_regione AS codice_regione, prestazione,
       CASE WHEN t_citt IN ('ITA', 'UE', 'NUE') THEN NULL ELSE p_citt END AS cittadinanza,
       gruppo AS gruppo_cittadinanza, sesso, t_beneficiari AS beneficiari, t_ore AS ore_autorizzate,
       periodo AS v_periodo, provincia AS v_provincia, prestazione AS v_prestazione, cittadinanza AS v_cittadinanza,
       sesso AS v_sesso, beneficiari AS v_beneficiari, ore_autorizzate AS v_ore_autorizzate,
       COLUMNS('^chk_'),
       greatest(*COLUMNS('^chk_')) AS failed
FROM safe
