-- The stock on the semester's last day ($fine): the one definition the co_stock_* tables
-- read (the template slot rapporti_attivi).
-- grain: one row per rapporto active on $fine (started by then, not ended before; R5,
--   implied ends included), over the built models.
-- columns: lavoratore_id, provincia, codice_provincia, gruppo_cittadinanza (R6 on $fine),
--   sesso, classe_eta (complete years on $fine, macros.sql), ateco_sezione ('?' when
--   unknown), gruppo_contratto.
SELECT r.lavoratore_id, r.provincia, r.codice_provincia, gruppo_cittadinanza(l.cittadinanza, $fine::DATE) AS gruppo_cittadinanza,
       l.sesso, classe_eta(l.data_nascita, $fine::DATE) AS classe_eta, coalesce(r.ateco_sezione, '?') AS ateco_sezione,
       r.gruppo_contratto
FROM rapporti r JOIN lavoratori l USING (lavoratore_id)
WHERE r.data_inizio <= $fine::DATE AND (r.fine IS NULL OR r.fine >= $fine::DATE)
