-- report figures: crisis basins on the semester's last day, by province and by ATECO section.
-- grain: dimensione (totale, provincia, ateco_sezione) x valore.
-- columns: lavoratori, di_cui_permesso_a_rischio.
-- reads: orim_bacini_crisi (exact figures of the ORIM table, the report's scope).
SELECT CASE WHEN grouping(provincia) = 0 THEN 'provincia' WHEN grouping(ateco_sezione) = 0 THEN 'ateco_sezione' ELSE 'totale' END AS dimensione,
       CASE WHEN grouping(provincia) = 0 THEN provincia WHEN grouping(ateco_sezione) = 0 THEN ateco_sezione ELSE '' END AS valore,
       sum(lavoratori)::BIGINT AS lavoratori, sum(di_cui_permesso_a_rischio)::BIGINT AS di_cui_permesso_a_rischio
FROM orim_bacini_crisi
GROUP BY GROUPING SETS ((), (provincia), (ateco_sezione))
ORDER BY dimensione, valore
