-- R2, decided on the staged rows of one file (co_stage) before any is written:
-- the same codice_comunicazione counts once. Within the file the later line wins.
-- Against what is already loaded, an identical repeat is kept as first loaded and a
-- differing one replaces it (the most recent ingest wins). load_co.sql applies it.
-- Content is compared only for rows that repeat a code; {{same_content_w}} and
-- {{same_content_o}} compare every content column (built from the column contract).

-- Grain: one row per earlier line of a codice_comunicazione repeated within this file.
CREATE OR REPLACE TEMP TABLE co_file_repeats AS
WITH last AS (
  SELECT codice_comunicazione, max(line) AS line FROM co_stage GROUP BY codice_comunicazione HAVING count(*) > 1
)
SELECT n.codice_comunicazione, n.line AS riga, w.line AS riga_winner, {{same_content_w}} AS identical
FROM co_stage n
JOIN last USING (codice_comunicazione)
JOIN co_stage w ON w.codice_comunicazione = last.codice_comunicazione AND w.line = last.line
WHERE n.line < last.line;

-- Grain: one row per communication already loaded whose code the file brings again.
-- Only the code, batch and line columns of co_comunicazioni are read whole.
CREATE OR REPLACE TEMP TABLE co_known_codes AS
SELECT codice_comunicazione, batch_id AS batch_id_prec, riga AS riga_prec
FROM co_comunicazioni
WHERE codice_comunicazione IN (SELECT codice_comunicazione FROM co_stage);

-- Grain: one row per winning line of the file that repeats a communication already
-- loaded; the earlier version's content is fetched by its batch and line.
CREATE OR REPLACE TEMP TABLE co_known AS
SELECT n.codice_comunicazione, n.line AS riga, k.batch_id_prec, k.riga_prec, {{same_content_o}} AS identical
FROM co_known_codes k
JOIN co_comunicazioni o ON o.batch_id = k.batch_id_prec AND o.riga = k.riga_prec
JOIN co_stage n ON n.codice_comunicazione = k.codice_comunicazione
WHERE n.line NOT IN (SELECT riga FROM co_file_repeats)
