-- report figures: flags of the non-EU workers flagged on the semester's last day (a worker
--   can have two: CONTRACT_ENDING and PERMIT_AT_RISK; rischio_lavoratori.sql counts people).
-- grain: provincia x motivo (CONTRACT_ENDING, or the reason of PERMIT_AT_RISK).
-- columns: provincia, motivo, segnalazioni (one per worker and motivo).
-- reads (slots filled with the staged tables, ReportContext.tables): orim_lavoratori_a_rischio (exact figures of the ORIM table, the report's scope; its
--   motivo is the flag's reason, or CONTRACT_ENDING).
SELECT provincia, motivo, sum(lavoratori)::BIGINT AS segnalazioni
FROM {{orim_lavoratori_a_rischio}}
GROUP BY ALL
ORDER BY ALL

-- test: one row per province and motivo
SELECT provincia, motivo, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1

-- test: a motivo of the flag list, and at least one flag
SELECT * FROM {{table}}
WHERE motivo NOT IN ('CONTRACT_ENDING', 'EXPIRED', 'EXPIRING_UNEMPLOYED', 'EXPIRING_CONTRACT_ENDING', 'ATTESA_OCCUPAZIONE_ENDING')
   OR NOT segnalazioni > 0
