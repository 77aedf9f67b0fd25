-- The typed and checked rows of one ISTAT extract of resident population (SDMX-CSV
-- flows DCIS_POPSTRCIT and DCIS_POPSTRRES, or the long layout), as a table macro shared
-- by the load and the rejects. Grain: one row per well-formed record.
-- Codes through istat_codes.sql: territory (every vintage ISTAT writes), sex, age, and
-- citizenship: an aggregate of ref_istat_sdmx_codici (WORLD, EU28, the geopolitical
-- areas...) or a single country; a code none of them knows rejects the row.
-- Columns: rec, line, the row as in istat_residenti, v_<column>, chk_<column>__<reason>, failed.
-- {{is_sdmx}} is the layout (true or false); {{senza_cittadinanza}} the group of a file
-- without a citizenship dimension ('STRANIERI' for POPSTRCIT, 'TOTALE' for POPSTRRES).
CREATE OR REPLACE TEMP MACRO istat_checked(csv_path, csv_delim, csv_columns) AS TABLE
WITH r AS (
  SELECT __riga__ AS rec,
         nullif(trim(anno), '') AS anno,
         nullif(upper(trim(territorio)), '') AS territorio,
         nullif(upper(trim(sesso)), '') AS sesso,
         nullif(upper(trim(eta)), '') AS eta,
         nullif(upper(trim(cittadinanza)), '') AS cittadinanza,
         nullif(trim(valore), '') AS residenti
  FROM (SELECT * {{missing_columns}}
        FROM read_csv(csv_path, delim = csv_delim, quote = '"', escape = '"', header = true, auto_detect = false,
                      columns = csv_columns))
),
t AS (
  SELECT r.*, r.rec AS line,
    CASE WHEN regexp_full_match(r.anno, '[0-9]{4}') THEN r.anno::INTEGER END AS t_anno,
    -- digits only: a cast would round 1.5 and read 1e3
    CASE WHEN regexp_full_match(r.residenti, '[0-9]{1,15}') THEN r.residenti::BIGINT END AS t_residenti,
    l.livello AS p_livello, l.provincia AS p_provincia, l.codice_provincia AS p_codice_provincia,
    l.codice_regione AS p_regione, l.ripartizione AS p_ripartizione,
    istat_sesso(r.sesso, {{is_sdmx}}) AS t_sesso,
    istat_eta(r.eta) AS t_eta,
    CASE WHEN {{is_sdmx}} THEN mc.valore END AS aggregato_gruppo,
    CASE WHEN {{is_sdmx}} AND mc.valore IS NULL THEN istat_paese(r.cittadinanza)
         WHEN NOT {{is_sdmx}} THEN (SELECT codice FROM ref_paesi WHERE codice = CASE WHEN length(r.cittadinanza) < 3
                                      THEN lpad(r.cittadinanza, 3, '0') ELSE r.cittadinanza END) END AS p_citt
  FROM r
  LEFT JOIN istat_luoghi() l ON l.codice = r.territorio AND l.sdmx = {{is_sdmx}}
  LEFT JOIN ref_istat_sdmx_codici mc ON mc.dimensione = 'cittadinanza' AND mc.codice = r.cittadinanza
),
j AS (
  SELECT t.*, pa.ue_dal::DATE AS p_ue_dal, pa.ue_al::DATE AS p_ue_al
  FROM t LEFT JOIN ref_paesi pa ON pa.codice = t.p_citt
),
c AS (
  SELECT j.*,
    CASE WHEN aggregato_gruppo IS NOT NULL THEN aggregato_gruppo
         WHEN NOT {{is_sdmx}} AND cittadinanza IN ('ITA', 'UE', 'NUE') THEN cittadinanza
         WHEN p_citt IN ('100', '000') THEN 'ITA'
         WHEN p_ue_dal <= make_date(t_anno, 1, 1) AND (p_ue_al IS NULL OR make_date(t_anno, 1, 1) <= p_ue_al) THEN 'UE'
         WHEN p_citt IS NOT NULL THEN 'NUE' END AS gruppo,
    anno IS NULL AS chk_anno__missing,
    anno IS NOT NULL AND t_anno IS NULL AS chk_anno__invalid_value,
    territorio IS NULL AS chk_territorio__missing,
    territorio IS NOT NULL AND p_livello IS NULL AS chk_territorio__unknown_code,
    t_sesso IS NULL AS chk_sesso__unknown_code,
    t_eta IS NULL AS chk_eta__unknown_code,
    cittadinanza IS NULL AND NOT {{is_sdmx}} AS chk_cittadinanza__missing,
    cittadinanza IS NOT NULL AND aggregato_gruppo IS NULL AND p_citt IS NULL
      AND NOT (NOT {{is_sdmx}} AND cittadinanza IN ('ITA', 'UE', 'NUE')) AS chk_cittadinanza__unknown_code,
    residenti IS NULL AS chk_residenti__missing,
    residenti IS NOT NULL AND t_residenti IS NULL AS chk_residenti__invalid_value
  FROM j
),
safe AS (
  SELECT COLUMNS(col -> NOT starts_with(col, 'chk_')), COLUMNS('^chk_') IS NOT false FROM c
)
SELECT rec, line, t_anno AS anno, make_date(t_anno, 1, 1) AS data_riferimento, p_livello AS livello,
       p_provincia AS provincia, p_codice_provincia AS codice_provincia, p_regione AS codice_regione,
       p_ripartizione AS ripartizione, p_citt AS cittadinanza,
       coalesce(gruppo, '{{senza_cittadinanza}}') AS gruppo_cittadinanza, t_sesso AS sesso, t_eta AS eta, t_residenti AS residenti,
       -- aggregates of other rows; the long layout's ITA/UE/NUE rows are its finest level, not totals
       t_sesso = 'T' OR p_livello <> 'provincia' OR aggregato_gruppo IS NOT NULL OR (cittadinanza IS NULL AND {{is_sdmx}}) AS totale,
       CASE WHEN aggregato_gruppo IS NOT NULL THEN cittadinanza WHEN cittadinanza IS NULL AND {{is_sdmx}} THEN 'TOTAL' END AS aggregato,
       anno AS v_anno, territorio AS v_territorio, sesso AS v_sesso, eta AS v_eta, cittadinanza AS v_cittadinanza,
       residenti AS v_residenti,
       COLUMNS('^chk_'),
       greatest(*COLUMNS('^chk_')) AS failed
FROM safe
