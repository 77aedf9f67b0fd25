-- report figures: rates per 1,000 non-EU residents, by province and for the report's scope.
-- grain: provincia, plus a total row (provincia NULL).
-- columns: residenti_nue (ISTAT, 1 January of the semester's year), attivazioni_nue
--   (CO activations of the semester, group NUE), beneficiari_nue (INPS recipients of the
--   semester, group NUE, summed over benefits: a person drawing two benefits counts twice).
-- reads (slots filled with the staged tables, ReportContext.tables): orim_istat_popolazione, rep_flussi_contratto (co_flussi_contratto of the semesters
--   compared), orim_inps_beneficiari (the report's scope).
WITH residenti AS (
  SELECT provincia, sum(residenti)::BIGINT AS n FROM {{orim_istat_popolazione}} WHERE gruppo_cittadinanza = 'NUE' GROUP BY provincia
),
attivazioni AS (
  SELECT provincia, sum(attivazioni)::BIGINT AS n FROM {{rep_flussi_contratto}}
  WHERE semestre = $semestre AND gruppo_cittadinanza = 'NUE' GROUP BY provincia
),
beneficiari AS (
  SELECT provincia, sum(beneficiari)::BIGINT AS n FROM {{orim_inps_beneficiari}} WHERE gruppo_cittadinanza = 'NUE' GROUP BY provincia
),
province AS (
  SELECT provincia FROM residenti UNION SELECT provincia FROM attivazioni UNION SELECT provincia FROM beneficiari
)
SELECT p.provincia, sum(r.n)::BIGINT AS residenti_nue, coalesce(sum(a.n), 0)::BIGINT AS attivazioni_nue,
       sum(b.n)::BIGINT AS beneficiari_nue
FROM province p
LEFT JOIN residenti r USING (provincia) LEFT JOIN attivazioni a USING (provincia) LEFT JOIN beneficiari b USING (provincia)
GROUP BY ROLLUP (p.provincia)
ORDER BY p.provincia NULLS LAST

-- test: one row per province and one total row
SELECT provincia, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1
UNION ALL
SELECT NULL, 0 WHERE NOT EXISTS (SELECT 1 FROM {{table}} WHERE provincia IS NULL)

-- test: the total row is the sum of the provinces
WITH province AS (
  SELECT sum(residenti_nue) AS residenti_nue, coalesce(sum(attivazioni_nue), 0) AS attivazioni_nue,
         sum(beneficiari_nue) AS beneficiari_nue
  FROM {{table}} WHERE provincia IS NOT NULL
)
SELECT t.*, p.residenti_nue AS residenti_province, p.attivazioni_nue AS attivazioni_province,
       p.beneficiari_nue AS beneficiari_province
FROM {{table}} t, province p
WHERE t.provincia IS NULL
  AND (t.residenti_nue IS DISTINCT FROM p.residenti_nue OR t.attivazioni_nue IS DISTINCT FROM p.attivazioni_nue
       OR t.beneficiari_nue IS DISTINCT FROM p.beneficiari_nue)
