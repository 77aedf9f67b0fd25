-- The workers in the crisis basins (flags-and-basins.md) on $as_of (A) with a look-back of
-- $lookback_months (L): the non-EU workers (group NUE on A) with no rapporto active on A
-- whose last rapporto ended in [A - L, A). Reads the point-in-time models in pit (built
-- with the same $as_of); the flags slot below is the flag list (flags.sql) on A. It is
-- the costly part of the basins, computed once per date: bacini_crisi.sql counts these
-- rows by each area level (province, CPI, ambito).
-- Grain: one row per worker in a basin.
-- Columns: lavoratore_id, cittadinanza (ISTAT code), sesso, provincia, codice_provincia,
-- ateco_sezione, sede_comune (of the last rapporto: its province, its employer's section,
-- its municipality), permesso_a_rischio (the worker has a PERMIT_AT_RISK flag on A).
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
a_rischio AS (
  SELECT DISTINCT lavoratore_id FROM ({{flags}}) WHERE flag = 'PERMIT_AT_RISK'
)
SELECT n.lavoratore_id, n.cittadinanza, n.sesso, w.ultimo.provincia AS provincia,
       w.ultimo.codice_provincia AS codice_provincia, w.ultimo.sezione AS ateco_sezione, w.ultimo.comune AS sede_comune,
       n.lavoratore_id IN (SELECT lavoratore_id FROM a_rischio) AS permesso_a_rischio
FROM non_ue n JOIN per_lavoratore w USING (lavoratore_id), params
WHERE NOT w.occupato AND w.ultimo.fine >= da AND w.ultimo.fine < a
-- test: one row per worker
SELECT lavoratore_id, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1 OR lavoratore_id IS NULL
