-- report figures: the rapporti of the semester by what they were, for the section
-- "Lavoratori e rapporti" (careersSection.ts): cessations by length, communicated
-- cessations by reason,
-- activations by working time and sex and by occupation, each by citizenship group.
-- grain: tavola (durata, motivo, orario, professione) x gruppo (ITA, UE, NUE) x sesso
--   (M, F for orario; '' otherwise) x valore (classe_durata, gruppo_motivo, orario,
--   grande_gruppo of the ORIM table).
-- columns: tavola, gruppo, sesso, valore, n (cessazioni for durata, cessazioni_comunicate
--   for motivo, attivazioni for orario and professione), summed over the provinces; only
--   cells with events.
-- reads (slots filled with the staged tables, ReportContext.tables): orim_co_durata_rapporti,
--   orim_co_cessazioni_motivo, orim_co_attivazioni_orario, orim_co_attivazioni_professione
--   (exact figures of the ORIM tables, the report's scope).
SELECT tavola, gruppo, sesso, valore, sum(n)::BIGINT AS n
FROM (
  SELECT 'durata' AS tavola, gruppo_cittadinanza AS gruppo, '' AS sesso, classe_durata AS valore, cessazioni AS n
  FROM {{orim_co_durata_rapporti}}
  UNION ALL
  SELECT 'motivo', gruppo_cittadinanza, '', gruppo_motivo, cessazioni_comunicate FROM {{orim_co_cessazioni_motivo}}
  UNION ALL
  SELECT 'orario', gruppo_cittadinanza, sesso, orario, attivazioni FROM {{orim_co_attivazioni_orario}}
  UNION ALL
  SELECT 'professione', gruppo_cittadinanza, '', grande_gruppo, attivazioni FROM {{orim_co_attivazioni_professione}}
)
GROUP BY ALL
ORDER BY ALL
