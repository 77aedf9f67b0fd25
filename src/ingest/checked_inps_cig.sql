-- The typed and checked rows of one INPS open-data file of cassa integrazione hours,
-- as a table macro shared by the load and the rejects. Grain: one row per
-- well-formed record. Columns: rec, line, the row typed as in inps_ore_cig,
-- v_<column> (value as written), chk_<column>__<reason>, failed. {{...}} are fixed
-- fragments chosen by the code: {{number_style}} ('IT' or 'EN', numberStyle.ts),
-- {{has_provincia}} (true when the file has a province column). Needs it_values.sql.
-- Hours only: no column of this file is read as a number of people.
CREATE OR REPLACE TEMP MACRO inps_cig_checked(csv_path, csv_delim, csv_columns) AS TABLE
WITH r AS (
  SELECT __riga__ AS rec,
         nullif(trim(anno), '') AS anno,
         nullif(trim(mese), '') AS mese,
         nullif(trim(gestione), '') AS gestione,
         nullif(trim(regione), '') AS regione,
         nullif(trim(provincia), '') AS provincia,
         nullif(trim(ramo), '') AS ramo,
         nullif(trim(ore_autorizzate), '') AS ore_autorizzate
  FROM (SELECT * {{missing_columns}}
        FROM read_csv(csv_path, delim = csv_delim, quote = '"', escape = '"', header = true, auto_detect = false,
                      columns = csv_columns))
),
t AS (
  SELECT r.*, r.rec AS line,
    CASE WHEN regexp_full_match(anno, '(19|20)[0-9]{2}') THEN anno::INTEGER END AS t_anno,
    it_month(mese) AS t_mese,
    -- a row for all sectors may be written as a total: it is the cell's total (ramo NULL)
    CASE WHEN co_name_key(ramo) IN ('totale', 'tutti i settori', 'tutti') THEN NULL ELSE ramo END AS t_ramo,
    it_number(ore_autorizzate, {{number_style}}) AS t_ore,
    it_number_failure(ore_autorizzate, {{number_style}}, false) AS f_ore
  FROM r
),
j AS (
  SELECT t.*,
    -- the province when the row names one (a region's name there is that region's total), else the region
    CASE WHEN t.provincia IS NOT NULL THEN tp.livello WHEN rr.codice_regione IS NOT NULL THEN 'regione' END AS p_livello,
    tp.provincia AS p_provincia, tp.codice_provincia AS p_codice_provincia, tp.livello AS tp_livello, tp.codice_regione AS tp_codice_regione,
    CASE WHEN t.provincia IS NOT NULL THEN tp.codice_regione ELSE rr.codice_regione END AS p_codice_regione,
    rr.codice_regione AS r_codice_regione,
    g.gestione AS g_gestione
  FROM t
  LEFT JOIN co_territori tp ON tp.chiave = co_territorio_key(t.provincia)
  LEFT JOIN co_regioni rr ON rr.chiave = co_name_key(t.regione)
  LEFT JOIN ref_inps_gestioni_cig g ON co_name_key(g.nome) = co_name_key(t.gestione)
),
c AS (
  SELECT j.*,
    anno IS NULL AS chk_anno__missing,
    anno IS NOT NULL AND t_anno IS NULL AS chk_anno__invalid_value,
    mese IS NULL AS chk_mese__missing,
    mese IS NOT NULL AND t_mese IS NULL AS chk_mese__invalid_value,
    gestione IS NULL AS chk_gestione__missing,
    coalesce(co_masked(gestione), false) AS chk_gestione__raw_identifier,
    coalesce(co_masked(ramo), false) AS chk_ramo__raw_identifier,
    provincia IS NULL AND regione IS NULL AND {{has_provincia}} AS chk_provincia__missing,
    provincia IS NULL AND regione IS NULL AND NOT {{has_provincia}} AS chk_regione__missing,
    provincia IS NOT NULL AND tp_livello IS NULL AS chk_provincia__unknown_code,
    regione IS NOT NULL AND r_codice_regione IS NULL AS chk_regione__unknown_code,
    -- both given: the province must be in that region
    provincia IS NOT NULL AND r_codice_regione IS NOT NULL AND tp_codice_regione IS DISTINCT FROM r_codice_regione
      AS chk_regione__invalid_value,
    ore_autorizzate IS NULL AS chk_ore_autorizzate__missing,
    coalesce(f_ore = 'not_a_number', false) AS chk_ore_autorizzate__not_a_number,
    coalesce(f_ore = 'ambiguous_number', false) AS chk_ore_autorizzate__ambiguous_number
  FROM j
),
safe AS (
  SELECT COLUMNS(col -> NOT starts_with(col, 'chk_')), COLUMNS('^chk_') IS NOT false FROM c
)
SELECT rec, line, t_anno AS anno, t_mese AS mese,
       CASE WHEN t_anno IS NOT NULL AND t_mese IS NOT NULL THEN make_date(t_anno, t_mese, 1) END AS periodo_inizio,
       p_livello AS livello, p_provincia AS provincia, p_codice_provincia AS codice_provincia,
       p_codice_regione AS codice_regione, coalesce(g_gestione, upper(gestione)) AS gestione, gestione AS gestione_scritta,
       t_ramo AS ramo, t_ore AS ore_autorizzate,
       anno AS v_anno, mese AS v_mese, gestione AS v_gestione, regione AS v_regione, provincia AS v_provincia,
       ramo AS v_ramo, ore_autorizzate AS v_ore_autorizzate,
       COLUMNS('^chk_'),
       greatest(*COLUMNS('^chk_')) AS failed
FROM safe
