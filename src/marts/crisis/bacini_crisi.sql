-- Crisis basins (flags-and-basins.md) on $as_of (A) with a look-back of
-- $lookback_months (L): the non-EU workers (group NUE on A) with no rapporto active
-- on A whose last rapporto ended in [A - L, A). Reads the point-in-time models in
-- pit (built with the same $as_of); the flags slot below is the flag list (flags.sql) on A.
-- Grain: data x provincia x ateco_sezione x cittadinanza x sesso.
-- Columns: data, provincia, codice_provincia (of the last rapporto), ateco_sezione (of
-- its employer), cittadinanza (ISTAT code), sesso, lavoratori, di_cui_permesso_a_rischio.
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
         arg_max({'provincia': provincia, 'codice_provincia': codice_provincia, 'sezione': ateco_sezione, 'fine': fine},
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
       coalesce(ultimo.sezione, '?') AS ateco_sezione, cittadinanza, sesso,
       count(*) AS lavoratori,
       count(*) FILTER (WHERE lavoratore_id IN (SELECT lavoratore_id FROM a_rischio)) AS di_cui_permesso_a_rischio
FROM bacino
GROUP BY ALL
ORDER BY ALL
-- test: one row per date, province, section, citizenship and sex
SELECT data, provincia, ateco_sezione, cittadinanza, sesso, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1
-- test: every row is of the date and counts someone
SELECT * FROM {{table}} WHERE data IS DISTINCT FROM $as_of::DATE OR NOT lavoratori > 0
-- test: the workers with a permit at risk are some of the row's workers
SELECT * FROM {{table}} WHERE NOT di_cui_permesso_a_rischio BETWEEN 0 AND lavoratori
