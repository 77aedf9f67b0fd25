-- report figures: CO flows one dimension at a time, for the report's semesters.
-- grain: semestre x gruppo (ITA, UE, NUE, or TOTALE for all groups) x dimensione
--   (totale, provincia, sesso, classe_eta, ateco_sezione, gruppo_contratto) x valore.
-- columns: the measures of co_flussi summed; trasformazioni_ti is the net effect of the
--   transformations on the rows (0 over all contract groups), trasformazioni_a_ti the
--   number of transformations to open-ended (the TI rows).
-- reads: rep_flussi, the rows of co_flussi for the semesters compared (within the
--   report's province when it has one). Flows are event counts, so the ORIM cells add up.
SELECT semestre,
       CASE WHEN grouping(gruppo_cittadinanza) = 1 THEN 'TOTALE' ELSE gruppo_cittadinanza END AS gruppo,
       CASE WHEN grouping(provincia) = 0 THEN 'provincia'
            WHEN grouping(sesso) = 0 THEN 'sesso'
            WHEN grouping(classe_eta) = 0 THEN 'classe_eta'
            WHEN grouping(ateco_sezione) = 0 THEN 'ateco_sezione'
            WHEN grouping(gruppo_contratto) = 0 THEN 'gruppo_contratto'
            ELSE 'totale' END AS dimensione,
       CASE WHEN grouping(provincia) = 0 THEN provincia
            WHEN grouping(sesso) = 0 THEN sesso
            WHEN grouping(classe_eta) = 0 THEN classe_eta
            WHEN grouping(ateco_sezione) = 0 THEN ateco_sezione
            WHEN grouping(gruppo_contratto) = 0 THEN gruppo_contratto
            ELSE '' END AS valore,
       sum(attivazioni)::BIGINT AS attivazioni,
       sum(cessazioni_comunicate)::BIGINT AS cessazioni_comunicate,
       sum(cessazioni_a_termine)::BIGINT AS cessazioni_a_termine,
       sum(cessazioni)::BIGINT AS cessazioni,
       sum(trasformazioni_ti)::BIGINT AS trasformazioni_ti,
       coalesce(sum(trasformazioni_ti) FILTER (WHERE gruppo_contratto = 'TI'), 0)::BIGINT AS trasformazioni_a_ti,
       sum(proroghe)::BIGINT AS proroghe,
       sum(saldo)::BIGINT AS saldo
FROM rep_flussi
GROUP BY GROUPING SETS (
  (semestre), (semestre, gruppo_cittadinanza),
  (semestre, provincia), (semestre, gruppo_cittadinanza, provincia),
  (semestre, sesso), (semestre, gruppo_cittadinanza, sesso),
  (semestre, classe_eta), (semestre, gruppo_cittadinanza, classe_eta),
  (semestre, ateco_sezione), (semestre, gruppo_cittadinanza, ateco_sezione),
  (semestre, gruppo_contratto), (semestre, gruppo_cittadinanza, gruppo_contratto)
)
ORDER BY semestre, gruppo, dimensione, valore
