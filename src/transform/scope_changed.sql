-- The scope of a build after new batches (main.batches_costruiti holds those the
-- tables were built from), read before any table changes: what the new batches can
-- change and nothing else.

-- Grain: one row per batch loaded since the last build.
CREATE OR REPLACE TEMP TABLE batch_nuovi AS
SELECT batch_id FROM main.batches EXCEPT SELECT batch_id FROM main.batches_costruiti;
CREATE OR REPLACE TEMP MACRO batch_nuovo(b) AS b IN (SELECT batch_id FROM batch_nuovi);

-- Grain: one row per communication code the new batches bring (new, or a differing
-- repeat that replaces what was loaded, R2). Read by batch, not by code: the new
-- batches' rows are the table's last row groups, which the scan alone then reads.
CREATE OR REPLACE TEMP TABLE ambito_comunicazioni AS
SELECT DISTINCT codice_comunicazione AS codice FROM main.co_comunicazioni
WHERE batch_nuovo(batch_id);

-- Grain: one row per correction link, both ways, as loaded now or as built last.
CREATE OR REPLACE TEMP TABLE legami AS
WITH l AS (
  SELECT codice_comunicazione AS a, codice_comunicazione_prec AS b FROM main.co_comunicazioni
  WHERE tipo_comunicazione IN ('RET', 'ANN') AND codice_comunicazione_prec IS NOT NULL
  UNION
  SELECT codice_comunicazione, codice_comunicazione_prec FROM main.co_righe
  WHERE tipo_comunicazione IN ('RET', 'ANN') AND codice_comunicazione_prec IS NOT NULL
)
SELECT a, b FROM l UNION SELECT b, a FROM l;

-- Grain: one row per code of the correction trees the new codes are in (their
-- chains, whatever the days: co_versioni is recomputed for these trees whole).
CREATE OR REPLACE TEMP TABLE ambito_catene AS
WITH RECURSIVE r(codice) AS (
  SELECT codice FROM ambito_comunicazioni
  UNION
  SELECT l.b FROM r JOIN legami l ON l.a = r.codice
)
SELECT codice FROM r;

-- Grain: one row per worker of those trees, as loaded now or as built last (a
-- rettifica can move a rapporto to another worker): their rapporti and their own
-- versions are recomputed.
CREATE OR REPLACE TEMP TABLE ambito_lavoratori AS
SELECT lavoratore_id FROM main.co_comunicazioni WHERE codice_comunicazione IN (SELECT codice FROM ambito_catene)
UNION
SELECT lavoratore_id FROM main.co_righe WHERE codice_comunicazione IN (SELECT codice FROM ambito_catene);

CREATE OR REPLACE TEMP MACRO ambito_comunicazioni(c) AS c IN (SELECT codice FROM ambito_comunicazioni);
CREATE OR REPLACE TEMP MACRO ambito_catene(c) AS c IN (SELECT codice FROM ambito_catene);
CREATE OR REPLACE TEMP MACRO ambito_lavoratori(l) AS l IN (SELECT lavoratore_id FROM ambito_lavoratori);
