-- report figures: CO flows one dimension at a time, for the report's semesters.
-- grain: semestre x gruppo (ITA, UE, NUE, or TOTALE for all groups) x dimensione
--   (totale, provincia, sesso, classe_eta, ateco_sezione, gruppo_contratto) x valore.
-- columns: the measures of the ORIM flow tables summed (events, so the ORIM cells add up; trasformazioni_ti
--   is the number of transformations to open-ended), trasformazioni_nette (their effect on the
--   balance of each contract group: + in TI, - in the group left; 0 over all groups, so saldo
--   = attivazioni - cessazioni + trasformazioni_nette), and the distinct workers
--   lavoratori_attivati and lavoratori_cessati of the same semester and breakdown.
-- reads (slots filled with the staged tables, ReportContext.tables): rep_flussi_contratto, rep_flussi_settore, rep_flussi_anagrafica (the ORIM flow
--   tables of schema 2 for the semesters compared: each breakdown from the table that has it,
--   the totals and provinces from co_flussi_contratto, whose sums over the contract groups
--   are those of the other two) and rep_flussi_lavoratori, flussi_lavoratori.sql for the same
--   semesters (all within the report's province when it has one).
WITH misure AS (
  -- one dimension at a time, in each table; trasformazioni_nette is 0 outside the contract table
  SELECT semestre, gruppo_cittadinanza, dimensione, valore, attivazioni, cessazioni_comunicate, cessazioni_a_termine,
         cessazioni, trasformazioni_ti, saldo - attivazioni + cessazioni AS trasformazioni_nette, proroghe, saldo
  FROM (
    SELECT *, 'totale' AS dimensione, '' AS valore FROM {{rep_flussi_contratto}}
    UNION ALL BY NAME SELECT *, 'provincia' AS dimensione, provincia AS valore FROM {{rep_flussi_contratto}}
    UNION ALL BY NAME SELECT *, 'gruppo_contratto' AS dimensione, gruppo_contratto AS valore FROM {{rep_flussi_contratto}}
    UNION ALL BY NAME SELECT *, 'ateco_sezione' AS dimensione, ateco_sezione AS valore FROM {{rep_flussi_settore}}
    UNION ALL BY NAME SELECT *, 'sesso' AS dimensione, sesso AS valore FROM {{rep_flussi_anagrafica}}
    UNION ALL BY NAME SELECT *, 'classe_eta' AS dimensione, classe_eta AS valore FROM {{rep_flussi_anagrafica}}
  )
),
flussi AS (
SELECT semestre,
       CASE WHEN grouping(gruppo_cittadinanza) = 1 THEN 'TOTALE' ELSE gruppo_cittadinanza END AS gruppo,
       dimensione, valore,
       sum(attivazioni)::BIGINT AS attivazioni,
       sum(cessazioni_comunicate)::BIGINT AS cessazioni_comunicate,
       sum(cessazioni_a_termine)::BIGINT AS cessazioni_a_termine,
       sum(cessazioni)::BIGINT AS cessazioni,
       sum(trasformazioni_ti)::BIGINT AS trasformazioni_ti,
       sum(trasformazioni_nette)::BIGINT AS trasformazioni_nette,
       sum(proroghe)::BIGINT AS proroghe,
       sum(saldo)::BIGINT AS saldo
FROM misure
GROUP BY GROUPING SETS ((semestre, dimensione, valore), (semestre, gruppo_cittadinanza, dimensione, valore))
)
SELECT f.semestre, f.gruppo, f.dimensione, f.valore, f.attivazioni,
       coalesce(w.lavoratori_attivati, 0)::BIGINT AS lavoratori_attivati,
       f.cessazioni_comunicate, f.cessazioni_a_termine, f.cessazioni,
       coalesce(w.lavoratori_cessati, 0)::BIGINT AS lavoratori_cessati,
       f.trasformazioni_ti, f.trasformazioni_nette, f.proroghe, f.saldo
FROM flussi f
LEFT JOIN {{rep_flussi_lavoratori}} w USING (semestre, gruppo, dimensione, valore)
ORDER BY f.semestre, f.gruppo, f.dimensione, f.valore
