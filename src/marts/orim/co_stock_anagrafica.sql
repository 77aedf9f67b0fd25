-- ORIM table co_stock_anagrafica (schema version 2).
-- grain: data (the semester's last day, $fine) x provincia x gruppo_cittadinanza x sesso x classe_eta.
-- primary key: data, provincia, gruppo_cittadinanza, sesso, classe_eta.
-- columns: data, provincia, codice_provincia, gruppo_cittadinanza (on that day, R6),
--   sesso (M, F), classe_eta (complete years on that day); rapporti_attivi (rapporti active on that day, rapporti_attivi.sql),
--   lavoratori_attivi (distinct workers among them: a worker with two rapporti in two cells
--   is in both, so this column does not add up to people across cells; rapporti_attivi does).
-- Identities (the tests below): 1 <= lavoratori_attivi <= rapporti_attivi; the sums of
--   rapporti_attivi over the breakdowns equal those of the other co_stock_* tables
--   (tests/orim-tables.test.ts).
SELECT $fine::DATE AS data, provincia, codice_provincia, gruppo_cittadinanza, sesso, classe_eta,
       count(*)::BIGINT AS rapporti_attivi, count(DISTINCT lavoratore_id)::BIGINT AS lavoratori_attivi
FROM ({{rapporti_attivi}})
GROUP BY ALL
ORDER BY ALL

-- test: unique primary key
SELECT data, provincia, gruppo_cittadinanza, sesso, classe_eta, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1

-- test: workers are between 1 and the rapporti they hold
SELECT * FROM {{table}} WHERE lavoratori_attivi < 1 OR lavoratori_attivi > rapporti_attivi
