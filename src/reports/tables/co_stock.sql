-- ORIM table co_stock (schema version 1).
-- grain: semester end ($fine) x provincia x gruppo_cittadinanza x sesso x ateco_sezione x gruppo_contratto.
-- columns: data (the semester's last day), provincia, codice_provincia, gruppo_cittadinanza (on that day),
--   sesso, ateco_sezione, gruppo_contratto, rapporti_attivi (rapporti active on that day, R5),
--   lavoratori_attivi (distinct workers among them).
SELECT $fine::DATE AS data, r.provincia, r.codice_provincia, gruppo_cittadinanza(l.cittadinanza, $fine::DATE) AS gruppo_cittadinanza,
       l.sesso, coalesce(r.ateco_sezione, '?') AS ateco_sezione, r.gruppo_contratto,
       count(*) AS rapporti_attivi, count(DISTINCT r.lavoratore_id) AS lavoratori_attivi
FROM rapporti r JOIN lavoratori l USING (lavoratore_id)
WHERE r.data_inizio <= $fine::DATE AND (r.fine IS NULL OR r.fine >= $fine::DATE)
GROUP BY ALL
ORDER BY ALL
