-- The employer units of a semester and their pattern of risk (docs/risk-indicators.md): the
-- one definition the ORIM table indicatori_rischio_datori counts and the owner-only list of
-- `risk-employers` writes (the template slot datori_rischio).
-- grain: one row per employer unit, (datore_id, provincia, area), with an activation or a
--   rapporto ended in [$inizio, $fine] (the events of eventi_flussi.sql, A, C and T), over the
--   built models. The area ($by) is the province, or the CPI or ambito of the event's
--   sede_comune (the aree slot, aree.sql; '?' when the mapping does not have it).
-- columns: datore_id (the pseudonym of the employer's codice fiscale, or the upstream id);
--   provincia, codice_provincia (of the events, R8); area, area_nome (NULL by province;
--   'non mappato' for '?'); ateco_sezione, ateco_divisione (of the
--   unit's latest event); assunzioni (activations); rapporti_attivi (rapporti of the unit
--   active on $inizio, begun before it); cessazioni (rapporti ended); cessazioni_rapide
--   (communicated cessations within $uscita_giorni days of the start, end - start + 1, for
--   another reason than the end of the term: dismissal, resignation, other); rapporti_brevissimi
--   (rapporti ended lasting at most 3 days); and the three patterns, each a boolean:
--   molte_assunzioni: assunzioni >= $datore_min and >= $datore_rapporto x max(rapporti_attivi, 1);
--   uscite_rapide: cessazioni_rapide >= $datore_min and >= $datore_quota x cessazioni;
--   molti_brevissimi: rapporti_brevissimi >= $datore_min and >= $datore_quota x cessazioni.
WITH ev AS (
  SELECT e.*, m.gruppo AS gruppo_motivo,
         CASE WHEN e.tipo IN ('C', 'T') AND NOT e.iniziato_prima_dei_dati THEN date_diff('day', e.data_inizio, e.giorno) + 1 END AS giorni
  FROM ({{eventi_flussi}}) e
  LEFT JOIN ref_motivi_cessazione m ON m.codice = e.motivo_cessazione
  WHERE e.tipo IN ('A', 'C', 'T')
),
ev_area AS (
  SELECT ev.*, CASE WHEN $by::VARCHAR = 'provincia' THEN ev.provincia ELSE coalesce(z.area_codice, '?') END AS area,
         CASE WHEN $by::VARCHAR <> 'provincia' THEN coalesce(z.area_nome, 'non mappato') END AS area_nome
  FROM ev LEFT JOIN ({{aree}}) z ON $by::VARCHAR <> 'provincia' AND z.codice_istat = ev.sede_comune
),
unita AS (
  SELECT datore_id, provincia, area, any_value(area_nome) AS area_nome, any_value(codice_provincia) AS codice_provincia,
         arg_max({'sezione': ateco_sezione, 'divisione': ateco_divisione}, (giorno, tipo, lavoratore_id, data_inizio)) AS ateco,
         count(*) FILTER (WHERE tipo = 'A') AS assunzioni,
         count(*) FILTER (WHERE tipo IN ('C', 'T')) AS cessazioni,
         count(*) FILTER (WHERE tipo = 'C' AND giorni <= $uscita_giorni::INTEGER
                            AND coalesce(gruppo_motivo, 'ALTRO') <> 'FINE_TERMINE') AS cessazioni_rapide,
         count(*) FILTER (WHERE giorni <= 3) AS rapporti_brevissimi
  FROM ev_area
  GROUP BY datore_id, provincia, area
),
attivi AS (
  SELECT r.datore_id, r.provincia,
         CASE WHEN $by::VARCHAR = 'provincia' THEN r.provincia ELSE coalesce(z.area_codice, '?') END AS area,
         count(*) AS rapporti_attivi
  FROM rapporti r
  LEFT JOIN ({{aree}}) z ON $by::VARCHAR <> 'provincia' AND z.codice_istat = r.sede_comune
  WHERE r.data_inizio < $inizio::DATE AND (r.fine IS NULL OR r.fine >= $inizio::DATE)
  GROUP BY ALL
)
SELECT u.datore_id, u.provincia, u.codice_provincia, u.area, u.area_nome, u.ateco.sezione AS ateco_sezione, u.ateco.divisione AS ateco_divisione,
       u.assunzioni::BIGINT AS assunzioni, coalesce(a.rapporti_attivi, 0)::BIGINT AS rapporti_attivi,
       u.cessazioni::BIGINT AS cessazioni, u.cessazioni_rapide::BIGINT AS cessazioni_rapide,
       u.rapporti_brevissimi::BIGINT AS rapporti_brevissimi,
       u.assunzioni >= $datore_min::INTEGER
         AND u.assunzioni >= $datore_rapporto::DOUBLE * greatest(coalesce(a.rapporti_attivi, 0), 1) AS molte_assunzioni,
       u.cessazioni_rapide >= $datore_min::INTEGER
         AND u.cessazioni_rapide >= $datore_quota::DOUBLE * u.cessazioni AS uscite_rapide,
       u.rapporti_brevissimi >= $datore_min::INTEGER
         AND u.rapporti_brevissimi >= $datore_quota::DOUBLE * u.cessazioni AS molti_brevissimi
FROM unita u
LEFT JOIN attivi a USING (datore_id, provincia, area)
