-- Loads the valid rows of one CO file straight into co_comunicazioni (no wide
-- staging copy), inside the file's transaction. R2 is applied by dedupeCo.sql.
INSERT INTO co_comunicazioni
SELECT codice_comunicazione, tipo_comunicazione, codice_comunicazione_prec, tipo_evento, data_invio,
       lavoratore_id, sesso, data_nascita, cittadinanza, titolo_soggiorno, motivo_permesso, scadenza_permesso,
       datore_id, datore_ateco, sede_comune, provincia, codice_provincia, data_inizio, data_fine, data_evento,
       tipo_contratto, codice_trasformazione, motivo_cessazione, tipo_orario, qualifica,
       $batch_id, line
FROM co_checked($path, $delim, $columns)
WHERE NOT failed
