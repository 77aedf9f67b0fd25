-- report figures: Excelsior planned hires of the semester's months for all sectors, by province.
-- grain: provincia (the provinces of the report's scope whose extracts give the all-sector figure).
-- columns: provincia, entrate_previste, entrate_immigrati, entrate_difficile_reperimento (of which;
--   NULL where a month does not give them). Survey estimates rounded to tens: exact, not counts.
-- reads (slots filled with the staged tables, ReportContext.tables): orim_excelsior_entrate (exact
--   figures of the ORIM table, the report's scope; its rows for all sectors, ateco_sezione TOTALE).
SELECT provincia, entrate_previste, entrate_immigrati, entrate_difficile_reperimento
FROM {{orim_excelsior_entrate}}
WHERE ateco_sezione = 'TOTALE'
ORDER BY provincia

-- test: one row per province
SELECT provincia, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1

-- test: the parts are at most the whole
SELECT * FROM {{table}} WHERE entrate_immigrati > entrate_previste OR entrate_difficile_reperimento > entrate_previste
