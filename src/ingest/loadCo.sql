-- Loads the staged file into the database (R2: a codice_comunicazione counts once).
-- Runs inside the file's transaction, after stageCo.sql and lineNumbers.sql.

INSERT INTO rejects
SELECT $batch_id, $file_name, b.line, b.column_name, NULL, 'malformed_row',
       r.reason || ' (' || lower(b.error_type) || ')'
FROM co_bad_lines b, reject_reasons r WHERE r.code = 'malformed_row';

INSERT INTO rejects
SELECT $batch_id, $file_name, s.line, e.col, e.val, e.code, r.reason
FROM (SELECT line, unnest(errs) AS e FROM co_stage WHERE len(errs) > 0) s
JOIN reject_reasons r ON r.code = s.e.code
ORDER BY s.line;

-- The same codice_comunicazione twice in one file: the later line wins.
CREATE OR REPLACE TEMP TABLE co_file_repeats AS
SELECT s.codice_comunicazione, s.rec, s.line, w.line AS line_winner,
       s.content_hash = w.content_hash AS identical
FROM co_stage s
JOIN (SELECT codice_comunicazione, max(rec) AS rec FROM co_stage WHERE len(errs) = 0
      GROUP BY codice_comunicazione HAVING count(*) > 1) last USING (codice_comunicazione)
JOIN co_stage w ON w.rec = last.rec
WHERE len(s.errs) = 0 AND s.rec < last.rec;

-- Repeats within the file point at the later line that wins.
INSERT INTO co_ripetizioni
SELECT codice_comunicazione, $batch_id, line_winner, $batch_id, line, CASE WHEN identical THEN 'identica' ELSE 'diversa' END
FROM co_file_repeats;

-- Repeats of communications loaded by earlier ingests.
CREATE OR REPLACE TEMP TABLE co_known AS
SELECT n.codice_comunicazione, n.line, o.batch_id AS batch_id_prec, o.riga AS riga_prec,
       n.content_hash = o.content_hash AS identical
FROM co_stage n JOIN co_comunicazioni o USING (codice_comunicazione)
WHERE len(n.errs) = 0 AND n.rec NOT IN (SELECT rec FROM co_file_repeats);

INSERT INTO co_ripetizioni
SELECT codice_comunicazione, $batch_id, line, batch_id_prec, riga_prec, CASE WHEN identical THEN 'identica' ELSE 'diversa' END
FROM co_known;

-- A differing repeat replaces the earlier version: the most recent ingest wins.
DELETE FROM co_comunicazioni
WHERE codice_comunicazione IN (SELECT codice_comunicazione FROM co_known WHERE NOT identical);

INSERT INTO co_comunicazioni
SELECT codice_comunicazione, tipo_comunicazione, codice_comunicazione_prec, tipo_evento, data_invio,
       lavoratore_id, sesso, data_nascita, cittadinanza, titolo_soggiorno, motivo_permesso, scadenza_permesso,
       datore_id, datore_ateco, sede_comune, provincia, codice_provincia, data_inizio, data_fine, data_evento,
       tipo_contratto, codice_trasformazione, motivo_cessazione, tipo_orario, qualifica,
       $batch_id, line, content_hash
FROM co_stage
WHERE len(errs) = 0
  AND rec NOT IN (SELECT rec FROM co_file_repeats)
  AND codice_comunicazione NOT IN (SELECT codice_comunicazione FROM co_known WHERE identical);
