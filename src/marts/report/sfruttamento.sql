-- report figures: the risk indicators of the semester (indicatori_rischio and
-- indicatori_rischio_datori) for the section "Indicatori di rischio di sfruttamento"
-- (exploitationSection.ts), summed over the report's provinces and the divisions.
-- grain: tavola (lavoratori: by gruppo x ateco_sezione; datori: by ateco_sezione, gruppo '')
--   x gruppo x ateco_sezione.
-- columns: tavola, gruppo, ateco_sezione, then every count of the two tables (NULL where the
--   other table's), exact.
-- reads (slots filled with the staged tables, ReportContext.tables): orim_indicatori_rischio,
--   orim_indicatori_rischio_datori (exact figures of the ORIM tables, the report's scope).
SELECT 'lavoratori' AS tavola, gruppo_cittadinanza AS gruppo, ateco_sezione,
       sum(cessazioni)::BIGINT AS cessazioni, sum(cessazioni_entro_1_giorno)::BIGINT AS cessazioni_entro_1_giorno,
       sum(cessazioni_entro_3_giorni)::BIGINT AS cessazioni_entro_3_giorni,
       sum(lavoratori_molti_brevi)::BIGINT AS lavoratori_molti_brevi, sum(coppie_brevi_ripetute)::BIGINT AS coppie_brevi_ripetute,
       sum(attivazioni)::BIGINT AS attivazioni, sum(attivazioni_intermittenti)::BIGINT AS attivazioni_intermittenti,
       sum(attivazioni_domestiche)::BIGINT AS attivazioni_domestiche,
       sum(attivazioni_agricole_stagionali)::BIGINT AS attivazioni_agricole_stagionali,
       sum(attivazioni_permesso_stagionale)::BIGINT AS attivazioni_permesso_stagionale,
       sum(attivazioni_donne)::BIGINT AS attivazioni_donne, sum(part_time_uomini)::BIGINT AS part_time_uomini,
       sum(part_time_donne)::BIGINT AS part_time_donne,
       NULL::BIGINT AS datori, NULL::BIGINT AS datori_molte_assunzioni, NULL::BIGINT AS datori_uscite_rapide,
       NULL::BIGINT AS datori_molti_brevissimi, NULL::BIGINT AS datori_segnalati
FROM {{orim_indicatori_rischio}}
GROUP BY ALL
UNION ALL BY NAME
SELECT 'datori' AS tavola, '' AS gruppo, ateco_sezione,
       sum(datori)::BIGINT AS datori, sum(datori_molte_assunzioni)::BIGINT AS datori_molte_assunzioni,
       sum(datori_uscite_rapide)::BIGINT AS datori_uscite_rapide,
       sum(datori_molti_brevissimi)::BIGINT AS datori_molti_brevissimi, sum(datori_segnalati)::BIGINT AS datori_segnalati
FROM {{orim_indicatori_rischio_datori}}
GROUP BY ALL
ORDER BY ALL

-- test: one row per table, group and section
SELECT tavola, gruppo, ateco_sezione, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1
