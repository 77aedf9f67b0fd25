-- The flow events of a semester: the one definition that the co_flussi_* tables, co_cittadinanze, the
-- report's distinct-worker counts and its data-quality note read (the template slot eventi_flussi).
-- grain: one row per event in [$inizio, $fine], over the built models (every communication loaded).
-- columns: tipo, lavoratore_id, giorno, provincia, codice_provincia, ateco_sezione ('?' when
--   unknown), gruppo_contratto, sesso, cittadinanza, gruppo_cittadinanza (on the event date,
--   R6), classe_eta (complete years on the event date). Worker sex, birth and citizenship: R7.
--   Of the rapporto and the communication, for the tables of rapporti and workers
--   (co_durata_rapporti, co_cessazioni_motivo, co_attivazioni_orario, co_attivazioni_professione):
--   data_inizio (the rapporto's start); iniziato_prima_dei_dati (C, T: no ASS of the rapporto
--   in the data, R3; false for A; NULL otherwise); motivo_cessazione (C: of that earliest CES;
--   NULL otherwise); tipo_orario and qualifica (A: of the hire; C, P, TI, TO: of the event's
--   communication; T: NULL, no communication ends it). For the risk indicators
--   (indicatori_rischio.sql): datore_id (of the rapporto); ateco_divisione (ATECO 2007
--   division of the same communication as ateco_sezione, '?' when unknown); tipo_contratto
--   (A, P, TI, TO: of the event's communication; C: of the CES; T: the rapporto's, R4);
--   motivo_permesso (of the event's communication; T: NULL); data_fine (A: the hire's
--   planned end, NULL when open-ended; NULL otherwise); sede_comune (the workplace of the
--   communication that gives the province, as provincia: the area of risk-employers --by).
-- tipo:
--   A   activation: an effective ASS whose data_inizio is in the semester.
--   C   communicated cessation: one per rapporto (R5), on its earliest CES (by data_evento,
--       then data_invio), in the semester of that date; a second CES of the same rapporto
--       is not a second cessation. The cessation takes the attributes (province, ATECO,
--       contract group) of that earliest CES, the communication that ends the rapporto.
--   T   implied cessation: a rapporto without CES ending on its planned end (R5), with the
--       rapporto's attributes (R8, R4), once the data reach that day.
--   P   proroga (each effective PRO).
--   TI  transformation to open-ended (transformation group <FROM>_TI), in the TI row.
--   TO  the same transformation leaving its group (TD, AP, or ALTRO for any other <FROM>):
--       counted as trasformazioni_uscite in co_flussi_contratto, so that saldo by contract
--       group moves the rapporto and adds up to attivazioni - cessazioni over the groups.
WITH a_ti AS (
  -- transformations to open-ended, with the group they leave (the part of <FROM>_TI before _TI)
  SELECT e.*, left(t.gruppo, length(t.gruppo) - 3) AS da
  FROM co_effettive e JOIN ref_codici_trasformazione t ON t.codice = e.codice_trasformazione
  WHERE e.tipo_evento = 'TRS' AND e.data_evento BETWEEN $inizio AND $fine AND t.gruppo LIKE '%\_TI' ESCAPE '\'
),
eventi AS (
  SELECT 'A' AS tipo, e.lavoratore_id, e.data_inizio AS giorno, e.provincia, e.codice_provincia, e.ateco_sezione, e.gruppo_contratto,
         e.data_inizio, false AS iniziato_prima_dei_dati, NULL::VARCHAR AS motivo_cessazione, e.tipo_orario, e.qualifica,
         e.datore_id, e.ateco_divisione, e.tipo_contratto, e.motivo_permesso, e.data_fine, e.sede_comune
  FROM co_effettive e WHERE e.tipo_evento = 'ASS' AND e.data_inizio BETWEEN $inizio AND $fine
  UNION ALL
  SELECT 'C', c.lavoratore_id, c.data_evento, c.provincia, c.codice_provincia, c.ateco_sezione, c.gruppo_contratto,
         r.data_inizio, r.iniziato_prima_dei_dati, c.motivo_cessazione, c.tipo_orario, c.qualifica,
         r.datore_id, c.ateco_divisione, c.tipo_contratto, c.motivo_permesso, NULL::DATE, c.sede_comune
  FROM rapporti r JOIN co_effettive c ON c.comunicazione_id = r.cessazione_id
  WHERE r.data_cessazione BETWEEN $inizio AND $fine
  UNION ALL
  SELECT 'T', r.lavoratore_id, r.fine, r.provincia, r.codice_provincia, r.ateco_sezione, r.gruppo_contratto,
         r.data_inizio, r.iniziato_prima_dei_dati, NULL, NULL, NULL,
         r.datore_id, r.ateco_divisione, r.tipo_contratto, NULL, NULL, r.sede_comune
  FROM rapporti r WHERE r.cessazione_implicita AND r.fine BETWEEN $inizio AND $fine
    -- a planned end the data do not reach yet is not a cessation yet (a proroga may still come)
    AND r.fine <= (SELECT max(data_invio)::DATE FROM co_comunicazioni)
  UNION ALL
  SELECT 'P', e.lavoratore_id, e.data_evento, e.provincia, e.codice_provincia, e.ateco_sezione, e.gruppo_contratto,
         e.data_inizio, NULL, NULL, e.tipo_orario, e.qualifica,
         e.datore_id, e.ateco_divisione, e.tipo_contratto, e.motivo_permesso, NULL, e.sede_comune
  FROM co_effettive e WHERE e.tipo_evento = 'PRO' AND e.data_evento BETWEEN $inizio AND $fine
  UNION ALL
  SELECT 'TI', lavoratore_id, data_evento, provincia, codice_provincia, ateco_sezione, 'TI',
         data_inizio, NULL, NULL, tipo_orario, qualifica,
         datore_id, ateco_divisione, tipo_contratto, motivo_permesso, NULL, sede_comune
  FROM a_ti
  UNION ALL
  SELECT 'TO', lavoratore_id, data_evento, provincia, codice_provincia, ateco_sezione,
         CASE WHEN da IN ('TD', 'AP') THEN da ELSE 'ALTRO' END,
         data_inizio, NULL, NULL, tipo_orario, qualifica,
         datore_id, ateco_divisione, tipo_contratto, motivo_permesso, NULL, sede_comune
  FROM a_ti
),
attribuiti AS (
  SELECT ev.*, l.sesso, l.cittadinanza, gruppo_cittadinanza(l.cittadinanza, ev.giorno) AS gruppo_cittadinanza,
         classe_eta(l.data_nascita, ev.giorno) AS classe_eta  -- complete years (macros.sql)
  FROM eventi ev JOIN lavoratori l USING (lavoratore_id)
)
SELECT tipo, lavoratore_id, giorno, provincia, codice_provincia, coalesce(ateco_sezione, '?') AS ateco_sezione,
       gruppo_contratto, sesso, cittadinanza, gruppo_cittadinanza, classe_eta,
       data_inizio, iniziato_prima_dei_dati, motivo_cessazione, tipo_orario, qualifica,
       datore_id, coalesce(ateco_divisione, '?') AS ateco_divisione, tipo_contratto, motivo_permesso, data_fine, sede_comune
FROM attribuiti
