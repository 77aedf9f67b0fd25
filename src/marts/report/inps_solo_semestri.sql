-- report figures: the INPS benefits of which the annual report has no figure of the year:
--   INPS gives them for semesters of the year [$inizio, $fine] but, in some province of
--   the report, neither for the year itself (periodo_tipo A) nor by month (M). Recipients
--   are people, not additive across periods (one drawing a benefit in both semesters
--   would count twice), so such a year is not worked out from its semesters
--   (orim/inps_beneficiari.sql).
-- grain: prestazione.
-- columns: prestazione, semestri (the semesters loaded for it, e.g. '2024-H1, 2024-H2').
-- reads: inps_beneficiari (every ingest; the report's province when it has one).
WITH per_provincia AS (
  SELECT prestazione, provincia, list(DISTINCT periodo) FILTER (WHERE periodo_tipo = 'S') AS semestri,
         bool_or(periodo_tipo IN ('A', 'M')) AS anno_o_mesi
  FROM inps_beneficiari
  WHERE periodo_inizio >= $inizio::DATE AND periodo_fine <= $fine::DATE
    AND ($province::VARCHAR IS NULL OR provincia = $province::VARCHAR)
  GROUP BY prestazione, provincia
)
SELECT prestazione, array_to_string(list_sort(list_distinct(flatten(list(semestri)))), ', ') AS semestri
FROM per_provincia
WHERE NOT anno_o_mesi
GROUP BY prestazione
ORDER BY prestazione

-- test: one row per benefit, with its semesters
SELECT prestazione, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1 OR min(semestri) = ''
