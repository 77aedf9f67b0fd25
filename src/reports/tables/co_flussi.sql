-- ORIM table co_flussi (schema version 1).
-- grain: semestre x provincia x gruppo_cittadinanza x sesso x classe_eta x ateco_sezione x gruppo_contratto,
--   for the semester [$inizio, $fine], over the built models (every communication loaded).
-- columns: semestre, provincia, codice_provincia, gruppo_cittadinanza (on the event date, R6),
--   sesso, classe_eta (age on the event date), ateco_sezione (ATECO 2007), gruppo_contratto;
--   attivazioni (effective ASS starting in the semester), cessazioni_comunicate (CES),
--   cessazioni_a_termine (rapporti ending on their planned end without a CES, R5, once the
--   data reach that day),
--   cessazioni (the two together), proroghe (PRO), trasformazioni_ti (a transformation to
--   open-ended: +1 in the TI row, -1 in the group it leaves, TD or AP), saldo
--   (attivazioni - cessazioni + trasformazioni_ti). Worker sex, birth and citizenship: R7.
WITH eventi AS (
  SELECT 'A' AS tipo, e.lavoratore_id, e.data_inizio AS giorno, e.provincia, e.codice_provincia, e.ateco_sezione, e.gruppo_contratto
  FROM co_effettive e WHERE e.tipo_evento = 'ASS' AND e.data_inizio BETWEEN $inizio AND $fine
  UNION ALL
  SELECT 'C', e.lavoratore_id, e.data_evento, e.provincia, e.codice_provincia, e.ateco_sezione, e.gruppo_contratto
  FROM co_effettive e WHERE e.tipo_evento = 'CES' AND e.data_evento BETWEEN $inizio AND $fine
  UNION ALL
  SELECT 'T', r.lavoratore_id, r.fine, r.provincia, r.codice_provincia, r.ateco_sezione, r.gruppo_contratto
  FROM rapporti r WHERE r.cessazione_implicita AND r.fine BETWEEN $inizio AND $fine
    -- a planned end the data do not reach yet is not a cessation yet (a proroga may still come)
    AND r.fine <= (SELECT max(data_invio)::DATE FROM co_comunicazioni)
  UNION ALL
  SELECT 'P', e.lavoratore_id, e.data_evento, e.provincia, e.codice_provincia, e.ateco_sezione, e.gruppo_contratto
  FROM co_effettive e WHERE e.tipo_evento = 'PRO' AND e.data_evento BETWEEN $inizio AND $fine
  UNION ALL
  -- transformations to open-ended: into TI ...
  SELECT 'TI+', e.lavoratore_id, e.data_evento, e.provincia, e.codice_provincia, e.ateco_sezione, 'TI'
  FROM co_effettive e LEFT JOIN ref_codici_trasformazione t ON t.codice = e.codice_trasformazione
  WHERE e.tipo_evento = 'TRS' AND e.data_evento BETWEEN $inizio AND $fine AND t.gruppo IN ('TD_TI', 'AP_TI')
  UNION ALL
  -- ... out of the group they leave
  SELECT 'TI-', e.lavoratore_id, e.data_evento, e.provincia, e.codice_provincia, e.ateco_sezione,
         CASE t.gruppo WHEN 'TD_TI' THEN 'TD' ELSE 'AP' END
  FROM co_effettive e JOIN ref_codici_trasformazione t ON t.codice = e.codice_trasformazione
  WHERE e.tipo_evento = 'TRS' AND e.data_evento BETWEEN $inizio AND $fine AND t.gruppo IN ('TD_TI', 'AP_TI')
),
attribuiti AS (
  SELECT ev.*, l.sesso, gruppo_cittadinanza(l.cittadinanza, ev.giorno) AS gruppo_cittadinanza,
         date_sub('year', l.data_nascita, ev.giorno) AS eta  -- complete years
  FROM eventi ev JOIN lavoratori l USING (lavoratore_id)
)
SELECT $semestre AS semestre, provincia, codice_provincia, gruppo_cittadinanza, sesso,
       CASE WHEN eta < 15 THEN '<15' WHEN eta < 25 THEN '15-24' WHEN eta < 35 THEN '25-34' WHEN eta < 45 THEN '35-44'
            WHEN eta < 55 THEN '45-54' WHEN eta < 65 THEN '55-64' ELSE '65+' END AS classe_eta,
       coalesce(ateco_sezione, '?') AS ateco_sezione, gruppo_contratto,
       count(*) FILTER (WHERE tipo = 'A') AS attivazioni,
       count(*) FILTER (WHERE tipo = 'C') AS cessazioni_comunicate,
       count(*) FILTER (WHERE tipo = 'T') AS cessazioni_a_termine,
       count(*) FILTER (WHERE tipo IN ('C', 'T')) AS cessazioni,
       count(*) FILTER (WHERE tipo = 'P') AS proroghe,
       count(*) FILTER (WHERE tipo = 'TI+') - count(*) FILTER (WHERE tipo = 'TI-') AS trasformazioni_ti,
       count(*) FILTER (WHERE tipo = 'A') - count(*) FILTER (WHERE tipo IN ('C', 'T'))
         + count(*) FILTER (WHERE tipo = 'TI+') - count(*) FILTER (WHERE tipo = 'TI-') AS saldo
FROM attribuiti
GROUP BY ALL
ORDER BY ALL
