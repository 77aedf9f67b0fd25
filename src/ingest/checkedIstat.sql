-- The typed and checked rows of one ISTAT extract (SDMX-CSV or long layout), as a
-- table macro shared by the load and the rejects. Grain: one row per well-formed
-- record. Dimension codes are mapped through ref_istat_sdmx_codici (SDMX), the
-- province list and the country list; a code none of them knows rejects the row.
-- Columns: rec, line, the row as in istat_residenti, v_<column>, chk_<column>__<reason>, failed.
-- {{is_sdmx}} is the layout (true or false), {{...}} fixed fragments chosen by the code.
CREATE OR REPLACE TEMP MACRO istat_checked(csv_path, csv_delim, csv_columns) AS TABLE
WITH r AS (
  SELECT __riga__ AS rec,
         nullif(trim(anno), '') AS anno,
         nullif(upper(trim(territorio)), '') AS territorio,
         nullif(upper(trim(sesso)), '') AS sesso,
         nullif(upper(trim(eta)), '') AS eta,
         nullif(upper(trim(cittadinanza)), '') AS cittadinanza,
         nullif(trim(residenti), '') AS residenti
  FROM (SELECT * {{missing_columns}}
        FROM read_csv(csv_path, delim = csv_delim, quote = '"', escape = '"', header = true, auto_detect = false,
                      columns = csv_columns))
),
t AS (
  SELECT r.*, r.rec AS line,
    CASE WHEN regexp_full_match(r.anno, '[0-9]{4}') THEN r.anno::INTEGER END AS t_anno,
    -- digits only: a cast would round 1.5 and read 1e3
    CASE WHEN regexp_full_match(r.residenti, '[0-9]{1,15}') THEN r.residenti::BIGINT END AS t_residenti,
    coalesce(mt.valore, r.territorio) AS t_territorio,
    CASE WHEN {{is_sdmx}} THEN ms.valore ELSE coalesce(CASE WHEN r.sesso IN ('M', 'F', 'T') THEN r.sesso END,
                                                   CASE WHEN r.sesso IS NULL THEN 'T' END) END AS t_sesso,
    CASE WHEN r.eta IS NULL THEN 'TOTALE' WHEN me.valore IS NOT NULL THEN me.valore
         -- SDMX age codes: a year (Y15), an open class (Y_GE100, Y_LT15) or a range (Y15-24)
         WHEN regexp_full_match(r.eta, 'Y[0-9]{1,3}|Y_(GE|GT|LE|LT)[0-9]{1,3}|Y[0-9]{1,3}-[0-9]{1,3}') THEN r.eta END AS t_eta,
    mc.valore AS aggregato
  FROM r
  LEFT JOIN ref_istat_sdmx_codici mt ON {{is_sdmx}} AND mt.dimensione = 'territorio' AND mt.codice = r.territorio
  LEFT JOIN ref_istat_sdmx_codici ms ON ms.dimensione = 'sesso' AND ms.codice = r.sesso
  LEFT JOIN ref_istat_sdmx_codici me ON me.dimensione = 'eta' AND me.codice = r.eta
  LEFT JOIN ref_istat_sdmx_codici mc ON {{is_sdmx}} AND mc.dimensione = 'cittadinanza' AND mc.codice = r.cittadinanza
),
iso AS (
  SELECT iso2, min(codice) AS codice FROM ref_paesi WHERE iso2 IS NOT NULL GROUP BY iso2
),
j AS (
  SELECT t.*,
    coalesce(pv.provincia, pc.provincia) AS p_provincia,
    coalesce(pv.codice_provincia, pc.codice_provincia) AS p_codice_provincia,
    coalesce(pv.codice_regione, pc.codice_regione,
             CASE WHEN starts_with(t_territorio, 'REGIONE:') THEN substr(t_territorio, 9) END) AS p_regione,
    CASE WHEN coalesce(pv.provincia, pc.provincia) IS NOT NULL THEN 'provincia'
         WHEN starts_with(t_territorio, 'REGIONE:') THEN 'regione'
         WHEN t_territorio = 'ITALIA' THEN 'italia' END AS p_livello,
    -- a single country: ISO alpha-2 in SDMX files, the ISTAT 3-digit code in the long layout
    coalesce(ps.codice_istat, pl.codice_istat) AS p_citt,
    coalesce(ps.ue_dal, pl.ue_dal)::DATE AS p_ue_dal, coalesce(ps.ue_al, pl.ue_al)::DATE AS p_ue_al
  FROM t
  LEFT JOIN ref_province pv ON pv.provincia = t.t_territorio
  LEFT JOIN ref_province pc ON pc.codice_provincia = lpad(t.t_territorio, 3, '0') AND regexp_full_match(t.t_territorio, '[0-9]{1,3}')
  LEFT JOIN iso ON {{is_sdmx}} AND t.aggregato IS NULL AND iso.iso2 = t.cittadinanza
  LEFT JOIN ref_paesi ps ON ps.codice = iso.codice
  LEFT JOIN ref_paesi pl ON NOT {{is_sdmx}} AND pl.codice = CASE WHEN length(t.cittadinanza) < 3 THEN lpad(t.cittadinanza, 3, '0') ELSE t.cittadinanza END
),
c AS (
  SELECT j.*,
    CASE WHEN aggregato IS NOT NULL THEN aggregato
         WHEN NOT {{is_sdmx}} AND cittadinanza IN ('ITA', 'UE', 'NUE') THEN cittadinanza
         WHEN p_citt = '100' THEN 'ITA'
         WHEN p_ue_dal <= make_date(t_anno, 1, 1) AND (p_ue_al IS NULL OR make_date(t_anno, 1, 1) <= p_ue_al) THEN 'UE'
         WHEN p_citt IS NOT NULL THEN 'NUE' END AS gruppo,
    anno IS NULL AS chk_anno__missing,
    anno IS NOT NULL AND t_anno IS NULL AS chk_anno__invalid_value,
    territorio IS NULL AS chk_territorio__missing,
    territorio IS NOT NULL AND p_livello IS NULL AS chk_territorio__unknown_code,
    t_sesso IS NULL AS chk_sesso__unknown_code,
    t_eta IS NULL AS chk_eta__unknown_code,
    cittadinanza IS NULL AND NOT {{is_sdmx}} AS chk_cittadinanza__missing,
    cittadinanza IS NOT NULL AND aggregato IS NULL AND p_citt IS NULL
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
       p_citt AS cittadinanza,
       -- an SDMX file without a citizenship dimension counts all foreign residents
       coalesce(gruppo, 'STRANIERI') AS gruppo_cittadinanza, t_sesso AS sesso, t_eta AS eta, t_residenti AS residenti,
       -- aggregates of other rows; the long layout's ITA/UE/NUE rows are its finest level, not totals
       t_sesso = 'T' OR p_livello <> 'provincia' OR aggregato IS NOT NULL AS totale,
       anno AS v_anno, territorio AS v_territorio, sesso AS v_sesso, eta AS v_eta, cittadinanza AS v_cittadinanza,
       residenti AS v_residenti,
       COLUMNS('^chk_'),
       greatest(*COLUMNS('^chk_')) AS failed
FROM safe
