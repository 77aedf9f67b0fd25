-- Crisis basins (flags-and-basins.md) on $as_of (A) with a look-back of
-- $lookback_months (L): the non-EU workers (group NUE on A) with no rapporto active
-- on A whose last rapporto ended in [A - L, A). Reads the point-in-time models in
-- pit (built with the same $as_of); the flags slot below is the flag list (flags.sql) on A.
-- The area ($by) is the province of the last rapporto, or the CPI or ambito of its
-- sede_comune (the aree slot: aree.sql); a municipality the mapping does not have is in
-- the area '?' ("non mappato"), so that the areas still add up to the region.
-- Grain: data x provincia x area x comune_non_mappato x ateco_sezione x cittadinanza x sesso
--   (by province: area is the province and comune_non_mappato NULL).
-- Columns: data, provincia, codice_provincia (of the last rapporto), area (the province,
-- the CPI code or the ambito code; '?' unmapped), area_nome (NULL by province; the CPI's
-- or ambito's name, 'non mappato' for '?'), comune_non_mappato (the municipality of a
-- row in '?', else NULL), ateco_sezione (of its employer), cittadinanza (ISTAT code),
-- sesso, lavoratori, di_cui_permesso_a_rischio.
WITH params AS (
  SELECT $as_of::DATE AS a, ($as_of::DATE - to_months($lookback_months::INTEGER))::DATE AS da
),
non_ue AS (
  SELECT l.* FROM pit.lavoratori l, params WHERE gruppo_cittadinanza(l.cittadinanza, a) = 'NUE'
),
r AS (
  SELECT r.*, r.data_inizio <= a AND (r.fine IS NULL OR r.fine >= a) AS attivo
  FROM pit.rapporti r, params WHERE r.lavoratore_id IN (SELECT lavoratore_id FROM non_ue)
),
per_lavoratore AS (
  SELECT lavoratore_id, bool_or(attivo) AS occupato,
         arg_max({'provincia': provincia, 'codice_provincia': codice_provincia, 'sezione': ateco_sezione, 'fine': fine,
                  'comune': sede_comune},
                 (fine, data_inizio, datore_id)) FILTER (WHERE fine < a) AS ultimo
  FROM r, params GROUP BY lavoratore_id
),
bacino AS (
  SELECT n.lavoratore_id, n.cittadinanza, n.sesso, w.ultimo
  FROM non_ue n JOIN per_lavoratore w USING (lavoratore_id), params
  WHERE NOT w.occupato AND w.ultimo.fine >= da AND w.ultimo.fine < a
),
a_rischio AS (
  SELECT DISTINCT lavoratore_id FROM ({{flags}}) WHERE flag = 'PERMIT_AT_RISK'
)
SELECT (SELECT a FROM params) AS data, ultimo.provincia AS provincia, ultimo.codice_provincia AS codice_provincia,
       CASE WHEN $by::VARCHAR = 'provincia' THEN ultimo.provincia ELSE coalesce(z.area_codice, '?') END AS area,
       CASE WHEN $by::VARCHAR <> 'provincia' THEN coalesce(z.area_nome, 'non mappato') END AS area_nome,
       CASE WHEN $by::VARCHAR <> 'provincia' AND z.codice_istat IS NULL THEN ultimo.comune END AS comune_non_mappato,
       coalesce(ultimo.sezione, '?') AS ateco_sezione, cittadinanza, sesso,
       count(*) AS lavoratori,
       count(*) FILTER (WHERE lavoratore_id IN (SELECT lavoratore_id FROM a_rischio)) AS di_cui_permesso_a_rischio
FROM bacino
LEFT JOIN ({{aree}}) z ON $by::VARCHAR <> 'provincia' AND z.codice_istat = ultimo.comune
GROUP BY ALL
ORDER BY ALL
-- test: one row per date, province, area, unmapped municipality, section, citizenship and sex
SELECT data, provincia, area, comune_non_mappato, ateco_sezione, cittadinanza, sesso, count(*) AS n
FROM {{table}} GROUP BY ALL HAVING count(*) > 1
-- test: every row is of the date and counts someone
SELECT * FROM {{table}} WHERE data IS DISTINCT FROM $as_of::DATE OR NOT lavoratori > 0
-- test: the workers with a permit at risk are some of the row's workers
SELECT * FROM {{table}} WHERE NOT di_cui_permesso_a_rischio BETWEEN 0 AND lavoratori
-- test: by province the area is the province; by CPI or ambito a '?' row names its municipality
SELECT * FROM {{table}}
WHERE ($by::VARCHAR = 'provincia' AND (area IS DISTINCT FROM provincia OR comune_non_mappato IS NOT NULL))
   OR ($by::VARCHAR <> 'provincia' AND (area = '?') <> (comune_non_mappato IS NOT NULL))
