-- The workers in the crisis basins (flags-and-basins.md) on $as_of (A) with a look-back of
-- $lookback_months (L): the non-EU workers (group NUE on A) with no rapporto active on A
-- whose last rapporto ended in [A - L, A). Reads the state of the non-EU workers on A
-- (the stato_lavoratori slot, stato_lavoratori.sql, which the flag list reads too: the
-- point-in-time models in pit, built with the same $as_of). It is the costly part of the
-- basins, computed once per date: bacini_crisi.sql counts these rows by each area level
-- (province, CPI, ambito).
-- Grain: one row per worker in a basin.
-- Columns: lavoratore_id, cittadinanza (ISTAT code), sesso, provincia, codice_provincia,
-- ateco_sezione, sede_comune (of the last rapporto: its province, its employer's section,
-- its municipality), permesso_a_rischio (the worker has a PERMIT_AT_RISK flag on A).
WITH params AS (
  SELECT $as_of::DATE AS a, ($as_of::DATE - to_months($lookback_months::INTEGER))::DATE AS da
)
SELECT s.lavoratore_id, s.cittadinanza, s.sesso, s.ultimo.provincia AS provincia,
       s.ultimo.codice_provincia AS codice_provincia, s.ultimo.sezione AS ateco_sezione, s.ultimo.comune AS sede_comune,
       s.permesso_motivo IS NOT NULL AS permesso_a_rischio
FROM (
{{stato_lavoratori}}
) s, params
WHERE s.attivi = 0 AND s.ultimo.fine >= da AND s.ultimo.fine < a
-- test: one row per worker
SELECT lavoratore_id, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1 OR lavoratore_id IS NULL
