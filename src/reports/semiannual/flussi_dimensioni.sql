-- report figures: CO flows one dimension at a time, for the report's semesters.
-- grain: semestre x gruppo (ITA, UE, NUE, or TOTALE for all groups) x dimensione
--   (totale, provincia, sesso, classe_eta, ateco_sezione, gruppo_contratto) x valore.
-- columns: the measures of co_flussi summed (events, so the ORIM cells add up; trasformazioni_ti
--   is the number of transformations to open-ended), trasformazioni_nette (their effect on the
--   balance of each contract group: + in TI, - in the group left; 0 over all groups, so saldo
--   = attivazioni - cessazioni + trasformazioni_nette), and the distinct workers
--   lavoratori_attivati and lavoratori_cessati of the same semester and breakdown.
-- reads: rep_flussi, the rows of co_flussi for the semesters compared, and
--   rep_flussi_lavoratori, flussi_lavoratori.sql for the same semesters (both within the
--   report's province when it has one).
WITH flussi AS (
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
       sum(saldo - attivazioni + cessazioni)::BIGINT AS trasformazioni_nette,
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
)
SELECT f.semestre, f.gruppo, f.dimensione, f.valore, f.attivazioni,
       coalesce(w.lavoratori_attivati, 0)::BIGINT AS lavoratori_attivati,
       f.cessazioni_comunicate, f.cessazioni_a_termine, f.cessazioni,
       coalesce(w.lavoratori_cessati, 0)::BIGINT AS lavoratori_cessati,
       f.trasformazioni_ti, f.trasformazioni_nette, f.proroghe, f.saldo
FROM flussi f
LEFT JOIN rep_flussi_lavoratori w USING (semestre, gruppo, dimensione, valore)
ORDER BY f.semestre, f.gruppo, f.dimensione, f.valore
