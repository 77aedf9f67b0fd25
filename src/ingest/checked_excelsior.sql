-- The typed and checked rows of one Excelsior export, as a table macro shared by
-- the load and the rejects. Grain: one row per well-formed record. Columns: rec,
-- line, the row typed as in excelsior_entrate, v_<column> (value as written),
-- chk_<column>__<reason>, failed. {{...}} are fixed fragments chosen by the code:
-- {{number_style}} ('IT' or 'EN', numberStyle.ts), {{has_provincia}}. Needs it_values.sql.
CREATE OR REPLACE TEMP MACRO excelsior_checked(csv_path, csv_delim, csv_columns) AS TABLE
WITH r AS (
  SELECT __riga__ AS rec,
         nullif(trim(periodo), '') AS periodo,
         nullif(trim(regione), '') AS regione,
         nullif(trim(provincia), '') AS provincia,
         nullif(upper(trim(ateco)), '') AS ateco,
         nullif(trim(professione), '') AS professione,
         nullif(trim(entrate_previste), '') AS entrate_previste,
         nullif(trim(di_cui_immigrati), '') AS di_cui_immigrati,
         nullif(trim(di_cui_difficile_reperimento), '') AS di_cui_difficile_reperimento
  FROM (SELECT * {{missing_columns}}
        FROM read_csv(csv_path, delim = csv_delim, quote = '"', escape = '"', header = true, auto_detect = false,
                      columns = csv_columns))
),
t AS (
  SELECT r.*, r.rec AS line,
    CASE WHEN regexp_full_match(periodo, '[0-9]{4}') THEN 'A'
         WHEN regexp_full_match(periodo, '[0-9]{4}-(0[1-9]|1[0-2])') THEN 'M' END AS t_tipo,
    try_cast(left(periodo, 4) AS INTEGER) AS t_anno,
    -- "all sectors" / "all occupations" may be written as a total
    CASE WHEN ateco IN ('TOTALE', 'TOT', 'TUTTI') THEN NULL ELSE ateco END AS t_ateco,
    CASE WHEN upper(professione) IN ('TOTALE', 'TOT', 'TUTTE') THEN NULL ELSE professione END AS t_professione,
    it_count(entrate_previste, {{number_style}}) AS t_entrate,
    it_number_failure(entrate_previste, {{number_style}}, true) AS f_entrate,
    it_count(di_cui_immigrati, {{number_style}}) AS t_immigrati,
    it_number_failure(di_cui_immigrati, {{number_style}}, true) AS f_immigrati,
    it_count(di_cui_difficile_reperimento, {{number_style}}) AS t_difficili,
    it_number_failure(di_cui_difficile_reperimento, {{number_style}}, true) AS f_difficili
  FROM r
),
j AS (
  SELECT t.*,
    CASE WHEN t.provincia IS NOT NULL THEN tp.livello WHEN rr.codice_regione IS NOT NULL THEN 'regione' END AS p_livello,
    tp.provincia AS p_provincia, tp.codice_provincia AS p_codice_provincia, tp.livello AS tp_livello, tp.codice_regione AS tp_codice_regione,
    CASE WHEN t.provincia IS NOT NULL THEN tp.codice_regione ELSE rr.codice_regione END AS p_codice_regione,
    rr.codice_regione AS r_codice_regione,
    coalesce(s.sezione, dv.sezione) AS a_sezione,
    cp.livello::INTEGER AS cp_livello,
    CASE t_tipo WHEN 'A' THEN make_date(t_anno, 1, 1) WHEN 'M' THEN make_date(t_anno, right(periodo, 2)::INTEGER, 1) END AS t_inizio
  FROM t
  LEFT JOIN co_territori tp ON tp.chiave = co_territorio_key(t.provincia)
  LEFT JOIN co_regioni rr ON rr.chiave = co_name_key(t.regione)
  -- a section (C) or a division (25) of ATECO 2007
  LEFT JOIN ref_ateco_sezioni s ON s.sezione = t.t_ateco
  LEFT JOIN ref_ateco2007_divisioni dv ON dv.divisione = t.t_ateco
  LEFT JOIN ref_cp2011 cp ON cp.codice = t.t_professione
),
c AS (
  SELECT j.*,
    periodo IS NULL AS chk_periodo__missing,
    periodo IS NOT NULL AND t_tipo IS NULL AS chk_periodo__invalid_value,
    provincia IS NULL AND regione IS NULL AND {{has_provincia}} AS chk_provincia__missing,
    provincia IS NULL AND regione IS NULL AND NOT {{has_provincia}} AS chk_regione__missing,
    provincia IS NOT NULL AND tp_livello IS NULL AS chk_provincia__unknown_code,
    regione IS NOT NULL AND r_codice_regione IS NULL AS chk_regione__unknown_code,
    provincia IS NOT NULL AND r_codice_regione IS NOT NULL AND tp_codice_regione IS DISTINCT FROM r_codice_regione
      AS chk_regione__invalid_value,
    t_ateco IS NOT NULL AND a_sezione IS NULL AS chk_ateco__unknown_code,
    t_professione IS NOT NULL AND cp_livello IS NULL AS chk_professione__unknown_code,
    entrate_previste IS NULL AS chk_entrate_previste__missing,
    coalesce(f_entrate = 'not_a_number', false) AS chk_entrate_previste__not_a_number,
    coalesce(f_entrate = 'not_whole', false) AS chk_entrate_previste__not_whole,
    coalesce(f_entrate = 'ambiguous_number', false) AS chk_entrate_previste__ambiguous_number,
    coalesce(f_immigrati = 'not_a_number', false) AS chk_di_cui_immigrati__not_a_number,
    coalesce(f_immigrati = 'not_whole', false) AS chk_di_cui_immigrati__not_whole,
    coalesce(f_immigrati = 'ambiguous_number', false) AS chk_di_cui_immigrati__ambiguous_number,
    coalesce(t_immigrati > t_entrate, false) AS chk_di_cui_immigrati__part_exceeds_total,
    coalesce(f_difficili = 'not_a_number', false) AS chk_di_cui_difficile_reperimento__not_a_number,
    coalesce(f_difficili = 'not_whole', false) AS chk_di_cui_difficile_reperimento__not_whole,
    coalesce(f_difficili = 'ambiguous_number', false) AS chk_di_cui_difficile_reperimento__ambiguous_number,
    coalesce(t_difficili > t_entrate, false) AS chk_di_cui_difficile_reperimento__part_exceeds_total
  FROM j
),
safe AS (
  SELECT COLUMNS(col -> NOT starts_with(col, 'chk_')), COLUMNS('^chk_') IS NOT false FROM c
)
SELECT rec, line, periodo, t_tipo AS periodo_tipo, t_inizio AS periodo_inizio,
       CASE t_tipo WHEN 'A' THEN make_date(t_anno, 12, 31) WHEN 'M' THEN last_day(t_inizio) END AS periodo_fine,
       p_livello AS livello, p_provincia AS provincia, p_codice_provincia AS codice_provincia, p_codice_regione AS codice_regione,
       t_ateco AS ateco, a_sezione AS ateco_sezione, t_professione AS professione, cp_livello AS professione_livello,
       t_entrate AS entrate_previste, t_immigrati AS entrate_immigrati, t_difficili AS entrate_difficile_reperimento,
       periodo AS v_periodo, regione AS v_regione, provincia AS v_provincia, ateco AS v_ateco, professione AS v_professione,
       entrate_previste AS v_entrate_previste, di_cui_immigrati AS v_di_cui_immigrati,
       di_cui_difficile_reperimento AS v_di_cui_difficile_reperimento,
       COLUMNS('^chk_'),
       greatest(*COLUMNS('^chk_')) AS failed
FROM safe
