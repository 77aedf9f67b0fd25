-- Loads one CO file as R2 decided it (dedupe_co.sql), inside the file's transaction:
-- the staged rows that win within the file and are not identical to a communication
-- already loaded, the repeats recorded in co_ripetizioni, and the earlier versions a
-- differing repeat replaces removed.

-- ORDER BY line makes DuckDB append the rows in full row groups (122,880 rows) with
-- one partial group at the end, still in parallel and written as they come. Without
-- it each thread leaves partial groups, which a later checkpoint merges by rewriting
-- them (measured: 1 to 1.6 s per 370,000-row file, more than the insert itself).
INSERT INTO co_comunicazioni
SELECT codice_comunicazione, tipo_comunicazione, codice_comunicazione_prec, tipo_evento, data_invio,
       lavoratore_id, sesso, data_nascita, cittadinanza, titolo_soggiorno, motivo_permesso, scadenza_permesso,
       datore_id, datore_ateco, sede_comune, provincia, codice_provincia, data_inizio, data_fine, data_evento,
       tipo_contratto, codice_trasformazione, motivo_cessazione, tipo_orario, qualifica,
       $batch_id, line
FROM co_stage
WHERE line NOT IN (SELECT riga FROM co_file_repeats)
  AND line NOT IN (SELECT riga FROM co_known WHERE identical)
ORDER BY line;

INSERT INTO co_ripetizioni
SELECT codice_comunicazione, $batch_id, riga_winner, $batch_id, riga, CASE WHEN identical THEN 'identica' ELSE 'diversa' END
FROM co_file_repeats;

INSERT INTO co_ripetizioni
SELECT codice_comunicazione, $batch_id, riga, batch_id_prec, riga_prec, CASE WHEN identical THEN 'identica' ELSE 'diversa' END
FROM co_known;

-- Rows committed by earlier files: deleting them does not touch this file's new row groups.
DELETE FROM co_comunicazioni c USING co_known k
WHERE NOT k.identical AND c.batch_id = k.batch_id_prec AND c.riga = k.riga_prec
