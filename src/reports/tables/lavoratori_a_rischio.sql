-- ORIM table lavoratori_a_rischio (schema version 1).
-- grain: semester end x provincia x flag x reason.
-- columns: data (the semester's last day), provincia, flag (CONTRACT_ENDING, PERMIT_AT_RISK),
--   reason (for PERMIT_AT_RISK; empty otherwise), lavoratori.
-- The flag list of flags-and-basins.md on that day (communications sent by then,
-- horizon 90 days, job-seeking period 12 months): the slot below is src/transform/flags.sql.
SELECT $fine::DATE AS data, provincia, flag, coalesce(reason, '') AS reason, count(*) AS lavoratori
FROM ({{flags}})
GROUP BY ALL
ORDER BY ALL
