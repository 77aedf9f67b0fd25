-- report figures: the risk indicators of the semester of the non-EU workers by country
-- (indicatori_rischio_cittadinanze) for the section "Indicatori di rischio di sfruttamento"
-- (exploitationSection.ts), summed over the report's provinces.
-- grain: cittadinanza (the countries with most workers, and ALTRI).
-- columns: cittadinanza, nome, then the counts of the table, exact.
-- reads (slots filled with the staged tables, ReportContext.tables):
--   orim_indicatori_rischio_cittadinanze (exact figures of the ORIM table, the report's scope).
SELECT cittadinanza, any_value(nome) AS nome,
       sum(cessazioni)::BIGINT AS cessazioni, sum(cessazioni_entro_3_giorni)::BIGINT AS cessazioni_entro_3_giorni,
       sum(lavoratori_molti_brevi)::BIGINT AS lavoratori_molti_brevi, sum(attivazioni)::BIGINT AS attivazioni,
       sum(attivazioni_intermittenti)::BIGINT AS attivazioni_intermittenti,
       sum(attivazioni_agricole_stagionali)::BIGINT AS attivazioni_agricole_stagionali
FROM {{orim_indicatori_rischio_cittadinanze}}
GROUP BY cittadinanza
-- the countries by their activations and cessations, the others last
ORDER BY cittadinanza = 'ALTRI', sum(attivazioni) + sum(cessazioni) DESC, cittadinanza

-- test: one row per country
SELECT cittadinanza, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1
