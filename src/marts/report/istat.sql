-- report figures: foreign residents on 1 January of the semester's year.
-- grain: provincia x gruppo_cittadinanza.
-- columns: provincia, gruppo_cittadinanza, residenti.
-- reads (slots filled with the staged tables, ReportContext.tables): orim_istat_popolazione (exact figures of the ORIM table, the report's scope).
SELECT provincia, gruppo_cittadinanza, sum(residenti)::BIGINT AS residenti
FROM {{orim_istat_popolazione}}
GROUP BY ALL
ORDER BY ALL

-- test: one row per province and citizenship group
SELECT provincia, gruppo_cittadinanza, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1
