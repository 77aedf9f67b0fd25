-- R2: the same codice_comunicazione counts once. Runs after loadCo.sql in the same
-- transaction, over the rows of this batch ($batch_id) and those already loaded.
-- Content is compared only for rows that repeat a code; {{same_content_w}} and
-- {{same_content_o}} compare every content column (built from the column contract).

-- Grain: one row per earlier line of a codice_comunicazione repeated within this file
-- (the later line wins).
CREATE OR REPLACE TEMP TABLE co_file_repeats AS
WITH last AS (
  SELECT codice_comunicazione, max(riga) AS riga FROM co_comunicazioni
  WHERE batch_id = $batch_id GROUP BY codice_comunicazione HAVING count(*) > 1
)
SELECT n.codice_comunicazione, n.riga, w.riga AS riga_winner, {{same_content_w}} AS identical
FROM co_comunicazioni n
JOIN last USING (codice_comunicazione)
JOIN co_comunicazioni w ON w.batch_id = $batch_id AND w.codice_comunicazione = last.codice_comunicazione AND w.riga = last.riga
WHERE n.batch_id = $batch_id AND n.riga < last.riga;

INSERT INTO co_ripetizioni
SELECT codice_comunicazione, $batch_id, riga_winner, $batch_id, riga, CASE WHEN identical THEN 'identica' ELSE 'diversa' END
FROM co_file_repeats;

DELETE FROM co_comunicazioni c USING co_file_repeats f
WHERE c.batch_id = $batch_id AND c.codice_comunicazione = f.codice_comunicazione AND c.riga = f.riga;

-- Grain: one row per communication of this file already loaded by an earlier ingest.
CREATE OR REPLACE TEMP TABLE co_known AS
SELECT n.codice_comunicazione, n.riga, o.batch_id AS batch_id_prec, o.riga AS riga_prec,
       {{same_content_o}} AS identical
FROM co_comunicazioni n
JOIN co_comunicazioni o ON o.codice_comunicazione = n.codice_comunicazione AND o.batch_id <> $batch_id
WHERE n.batch_id = $batch_id;

INSERT INTO co_ripetizioni
SELECT codice_comunicazione, $batch_id, riga, batch_id_prec, riga_prec, CASE WHEN identical THEN 'identica' ELSE 'diversa' END
FROM co_known;

-- An identical repeat is kept once, as first loaded.
DELETE FROM co_comunicazioni c USING co_known k
WHERE k.identical AND c.batch_id = $batch_id AND c.codice_comunicazione = k.codice_comunicazione;

-- A differing repeat replaces the earlier version: the most recent ingest wins.
DELETE FROM co_comunicazioni c USING co_known k
WHERE NOT k.identical AND c.batch_id = k.batch_id_prec AND c.codice_comunicazione = k.codice_comunicazione
