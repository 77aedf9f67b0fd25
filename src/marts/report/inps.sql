-- report figures: INPS income-support recipients of the semester.
-- grain: provincia x prestazione x gruppo_cittadinanza.
-- columns: provincia, prestazione, gruppo_cittadinanza, beneficiari.
-- reads (slots filled with the staged tables, ReportContext.tables): orim_inps_beneficiari (exact figures of the ORIM table, the report's scope).
SELECT provincia, prestazione, gruppo_cittadinanza, sum(beneficiari)::BIGINT AS beneficiari
FROM {{orim_inps_beneficiari}}
GROUP BY ALL
ORDER BY ALL

-- test: one row per province, benefit and citizenship group
SELECT provincia, prestazione, gruppo_cittadinanza, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1
