-- ORIM table co_cittadinanze (schema version 1).
-- grain: semestre x provincia x cittadinanza, non-EU citizenships only (group NUE on the event date).
-- columns: semestre, provincia, codice_provincia, cittadinanza (ISTAT code), nome (Italian name),
--   attivazioni, cessazioni (communicated and on the planned end), saldo.
WITH eventi AS (
  SELECT 1 AS segno, e.lavoratore_id, e.data_inizio AS giorno, e.provincia, e.codice_provincia
  FROM co_effettive e WHERE e.tipo_evento = 'ASS' AND e.data_inizio BETWEEN $inizio AND $fine
  UNION ALL
  SELECT -1, e.lavoratore_id, e.data_evento, e.provincia, e.codice_provincia
  FROM co_effettive e WHERE e.tipo_evento = 'CES' AND e.data_evento BETWEEN $inizio AND $fine
  UNION ALL
  SELECT -1, r.lavoratore_id, r.fine, r.provincia, r.codice_provincia
  FROM rapporti r WHERE r.cessazione_implicita AND r.fine BETWEEN $inizio AND $fine
    -- a planned end the data do not reach yet is not a cessation yet (a proroga may still come)
    AND r.fine <= (SELECT max(data_invio)::DATE FROM co_comunicazioni)
)
SELECT $semestre AS semestre, ev.provincia, ev.codice_provincia, l.cittadinanza, p.nome,
       count(*) FILTER (WHERE segno = 1) AS attivazioni, count(*) FILTER (WHERE segno = -1) AS cessazioni,
       sum(segno) AS saldo
FROM eventi ev JOIN lavoratori l USING (lavoratore_id) JOIN ref_paesi p ON p.codice = l.cittadinanza
WHERE gruppo_cittadinanza(l.cittadinanza, ev.giorno) = 'NUE'
GROUP BY ALL
ORDER BY ALL
