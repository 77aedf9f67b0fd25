-- report figures: the months of the semester the Excelsior extracts give, by province.
-- grain: provincia x mese (YYYY-MM), the months of [$inizio, $fine] with a monthly province row for
--   all sectors (the total or an occupation: the rows the report's Excelsior tables sum), in the
--   report's province when it has one.
-- columns: provincia, mese.
-- reads: excelsior_entrate (every ingest: a month is given when any extract gives it).
SELECT DISTINCT provincia, periodo AS mese
FROM excelsior_entrate
WHERE periodo_tipo = 'M' AND livello = 'provincia' AND ateco IS NULL
  AND periodo_inizio BETWEEN $inizio::DATE AND $fine::DATE
  AND ($province::VARCHAR IS NULL OR provincia = $province::VARCHAR)
ORDER BY ALL

-- test: a month of the semester
SELECT * FROM {{table}}
WHERE NOT regexp_full_match(mese, '[0-9]{4}-(0[1-9]|1[0-2])') OR mese NOT BETWEEN left($inizio::VARCHAR, 7) AND left($fine::VARCHAR, 7)
