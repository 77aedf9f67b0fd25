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

-- test: one row per semester, group, dimension and value
SELECT semestre, gruppo, dimensione, valore, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1

-- test: one of the six dimensions
SELECT * FROM {{table}}
WHERE dimensione NOT IN ('totale', 'provincia', 'sesso', 'classe_eta', 'ateco_sezione', 'gruppo_contratto')

-- test: cessazioni = cessazioni_comunicate + cessazioni_a_termine
SELECT * FROM {{table}} WHERE cessazioni <> cessazioni_comunicate + cessazioni_a_termine

-- test: saldo = attivazioni - cessazioni + trasformazioni_nette, and trasformazioni_nette is 0 outside the contract groups
SELECT * FROM {{table}}
WHERE saldo <> attivazioni - cessazioni + trasformazioni_nette
   OR (dimensione <> 'gruppo_contratto' AND trasformazioni_nette <> 0)

-- test: the events of each dimension add up to the totale row of the semester and group
WITH parti AS (
  SELECT semestre, gruppo, dimensione, sum(attivazioni) AS attivazioni,
         sum(cessazioni_comunicate) AS cessazioni_comunicate, sum(cessazioni_a_termine) AS cessazioni_a_termine,
         sum(cessazioni) AS cessazioni, sum(trasformazioni_ti) AS trasformazioni_ti,
         sum(trasformazioni_nette) AS trasformazioni_nette, sum(proroghe) AS proroghe, sum(saldo) AS saldo
  FROM {{table}} WHERE dimensione <> 'totale' GROUP BY ALL
)
SELECT p.*, t.attivazioni AS attivazioni_totale, t.saldo AS saldo_totale
FROM parti p LEFT JOIN {{table}} t
  ON t.dimensione = 'totale' AND t.semestre IS NOT DISTINCT FROM p.semestre AND t.gruppo IS NOT DISTINCT FROM p.gruppo
WHERE (p.attivazioni, p.cessazioni_comunicate, p.cessazioni_a_termine, p.cessazioni, p.trasformazioni_ti,
       p.trasformazioni_nette, p.proroghe, p.saldo)
      IS DISTINCT FROM (t.attivazioni, t.cessazioni_comunicate, t.cessazioni_a_termine, t.cessazioni,
                        t.trasformazioni_ti, t.trasformazioni_nette, t.proroghe, t.saldo)

-- test: the events of the citizenship groups add up to the TOTALE row of the same breakdown
WITH gruppi AS (
  SELECT semestre, dimensione, valore, sum(attivazioni) AS attivazioni,
         sum(cessazioni_comunicate) AS cessazioni_comunicate, sum(cessazioni_a_termine) AS cessazioni_a_termine,
         sum(cessazioni) AS cessazioni, sum(trasformazioni_ti) AS trasformazioni_ti,
         sum(trasformazioni_nette) AS trasformazioni_nette, sum(proroghe) AS proroghe, sum(saldo) AS saldo
  FROM {{table}} WHERE gruppo IS DISTINCT FROM 'TOTALE' GROUP BY ALL
)
SELECT t.*, g.attivazioni AS attivazioni_gruppi, g.saldo AS saldo_gruppi
FROM {{table}} t LEFT JOIN gruppi g
  ON g.semestre IS NOT DISTINCT FROM t.semestre AND g.dimensione = t.dimensione AND g.valore IS NOT DISTINCT FROM t.valore
WHERE t.gruppo = 'TOTALE'
  AND (t.attivazioni, t.cessazioni_comunicate, t.cessazioni_a_termine, t.cessazioni, t.trasformazioni_ti,
       t.trasformazioni_nette, t.proroghe, t.saldo)
      IS DISTINCT FROM (g.attivazioni, g.cessazioni_comunicate, g.cessazioni_a_termine, g.cessazioni,
                        g.trasformazioni_ti, g.trasformazioni_nette, g.proroghe, g.saldo)

-- test: distinct workers are at most the events they had
SELECT * FROM {{table}} WHERE lavoratori_attivati > attivazioni OR lavoratori_cessati > cessazioni

-- test: the workers of a value are some of those of the totale row, of a group some of those of TOTALE
SELECT p.*
FROM {{table}} p
JOIN {{table}} t
  ON t.semestre IS NOT DISTINCT FROM p.semestre
 AND ((t.dimensione = 'totale' AND t.gruppo IS NOT DISTINCT FROM p.gruppo)
      OR (t.gruppo = 'TOTALE' AND t.dimensione = p.dimensione AND t.valore IS NOT DISTINCT FROM p.valore))
WHERE p.lavoratori_attivati > t.lavoratori_attivati OR p.lavoratori_cessati > t.lavoratori_cessati
