-- ORIM table lavoratori_a_rischio (schema version 2).
-- grain: data (the semester's last day) x provincia x flag x motivo; every flagged worker is
--   non-EU (flags-and-basins.md), so the citizenship group is NUE throughout.
-- primary key: data, provincia, flag, motivo.
-- columns: data, provincia, flag (CONTRACT_ENDING, PERMIT_AT_RISK), motivo (the reason of
--   PERMIT_AT_RISK: EXPIRED, EXPIRING_UNEMPLOYED, EXPIRING_CONTRACT_ENDING,
--   ATTESA_OCCUPAZIONE_ENDING; CONTRACT_ENDING for that flag, never empty: an empty text is
--   NULL in CSV and '' in Parquet), lavoratori.
-- The flag list of flags-and-basins.md on that day (communications sent by then,
-- horizon 90 days, job-seeking period 12 months): the slot below is src/marts/flags.sql.
SELECT $fine::DATE AS data, provincia, flag, coalesce(reason, flag) AS motivo, count(*)::BIGINT AS lavoratori
FROM ({{flags}})
GROUP BY ALL
ORDER BY ALL

-- test: unique primary key
SELECT data, provincia, flag, motivo, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1
