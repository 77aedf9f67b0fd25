-- report figures: workers flagged on the semester's last day.
-- grain: provincia x motivo (CONTRACT_ENDING, or the reason of PERMIT_AT_RISK).
-- columns: provincia, motivo, lavoratori.
-- reads: orim_lavoratori_a_rischio (exact figures of the ORIM table, the report's scope).
SELECT provincia, CASE WHEN flag = 'CONTRACT_ENDING' THEN flag ELSE reason END AS motivo, sum(lavoratori)::BIGINT AS lavoratori
FROM orim_lavoratori_a_rischio
GROUP BY ALL
ORDER BY ALL
