-- model: co_versioni
-- grain: one row per version of an effective communication chain (R1):
--   (codice_radice, valido_dal). A version is the chain as known from valido_dal (a
--   day one of its members was sent) up to the day before valido_al (NULL: still
--   so); the effective chains known on a day d are the versions with
--   valido_dal <= d < valido_al, which is the state the models give on d.
-- columns: codice_radice (the chain's ORD, or an orphan RET), membri (members sent
--   by valido_dal), comunicazione_id (the effective member, in co_righe),
--   valido_dal, valido_al.
-- How: a communication that nothing corrects and that corrects nothing is its own
--   chain from the day it was sent, for ever (an orphan ANN is ignored). The others
--   fall into the trees the corrections make over all the data (members point to
--   the root); a tree's chains change only on the days its members were sent, so R1
--   runs once per tree and such day, over the members sent by then, as on that day.
--   Members whose corrections loop (or run over 100 links) share one tree, ''.
-- recomputed for: ambito_catene(codice_radice)
WITH RECURSIVE base AS (
  SELECT codice_comunicazione AS codice, codice_comunicazione_prec AS prec, tipo_comunicazione AS tipo,
         data_invio, batch_id, riga, data_invio::DATE AS noto_dal, comunicazione_id
  FROM main.co_righe
  WHERE ambito_catene(codice_comunicazione)
),
links AS (
  -- every correction whose target is in the data, over all the data
  SELECT c.codice, c.prec FROM base c
  WHERE c.tipo IN ('RET', 'ANN') AND c.prec IN (SELECT codice FROM base)
),
walk(codice, radice, depth) AS (
  SELECT codice, prec, 1 FROM links
  UNION ALL
  SELECT w.codice, l.prec, w.depth + 1 FROM walk w JOIN links l ON l.codice = w.radice
  WHERE w.depth < 100
),
tops AS (SELECT codice, arg_max(radice, depth) AS top FROM walk GROUP BY codice),
alberi AS (
  SELECT codice, CASE WHEN top IN (SELECT codice FROM links) THEN '' ELSE top END AS albero FROM tops
  UNION ALL
  SELECT DISTINCT prec, prec FROM links WHERE prec NOT IN (SELECT codice FROM links)
),
membri_albero AS (SELECT a.albero, b.* FROM alberi a JOIN base b ON b.codice = a.codice),
giorni AS (
  SELECT albero, giorno, lead(giorno) OVER (PARTITION BY albero ORDER BY giorno) AS giorno_dopo
  FROM (SELECT DISTINCT albero, noto_dal AS giorno FROM membri_albero)
),
-- each tree as known on each of its days: the members sent by then
e AS (
  SELECT g.giorno, g.giorno_dopo, m.*
  FROM giorni g JOIN membri_albero m ON m.albero = g.albero AND m.noto_dal <= g.giorno
),
e_corrections AS (SELECT DISTINCT albero, giorno, prec FROM e WHERE tipo IN ('RET', 'ANN')),
e_links AS (
  SELECT c.albero, c.giorno, c.codice, c.prec FROM e c
  JOIN e p ON p.albero = c.albero AND p.giorno = c.giorno AND p.codice = c.prec
  WHERE c.tipo IN ('RET', 'ANN')
),
e_walk(albero, giorno, codice, radice, depth) AS (
  SELECT albero, giorno, codice, prec, 1 FROM e_links
  UNION ALL
  SELECT w.albero, w.giorno, w.codice, l.prec, w.depth + 1 FROM e_walk w
  JOIN e_links l ON l.albero = w.albero AND l.giorno = w.giorno AND l.codice = w.radice
  WHERE w.depth < 100
),
e_roots AS (SELECT albero, giorno, codice, arg_max(radice, depth) AS radice FROM e_walk GROUP BY ALL),
e_chained AS (
  SELECT x.*, coalesce(r.radice, x.codice) AS codice_radice
  FROM e x
  LEFT JOIN e_roots r ON r.albero = x.albero AND r.giorno = x.giorno AND r.codice = x.codice
  WHERE (x.tipo IN ('RET', 'ANN')
         OR EXISTS (SELECT 1 FROM e_corrections k WHERE k.albero = x.albero AND k.giorno = x.giorno AND k.prec = x.codice))
    -- an orphan ANN (what it cancels is not sent yet) is ignored
    AND NOT (x.tipo = 'ANN' AND r.radice IS NULL)
),
e_chains AS (
  SELECT codice_radice, count(*) AS membri, bool_or(tipo = 'ANN') AS annullata,
         arg_max(comunicazione_id, (data_invio, batch_id, riga)) AS comunicazione_id, giorno, giorno_dopo
  FROM e_chained GROUP BY albero, giorno, giorno_dopo, codice_radice
)
SELECT b.codice AS codice_radice, 1::BIGINT AS membri, b.comunicazione_id, b.noto_dal AS valido_dal, NULL::DATE AS valido_al
FROM base b
WHERE b.tipo IN ('ORD', 'RET') AND b.codice NOT IN (SELECT codice FROM alberi)
UNION ALL
SELECT codice_radice, membri, comunicazione_id, giorno, giorno_dopo FROM e_chains WHERE NOT annullata
UNION ALL
-- ORDs of a tree that no correction sent by then points to: their own chain
SELECT x.codice, 1::BIGINT, x.comunicazione_id, x.giorno, x.giorno_dopo
FROM e x
WHERE x.tipo = 'ORD'
  AND NOT EXISTS (SELECT 1 FROM e_corrections k WHERE k.albero = x.albero AND k.giorno = x.giorno AND k.prec = x.codice);

-- test: the versions of a chain do not overlap (so the state on any day, a filter, has one row per chain)
SELECT codice_radice, valido_dal, valido_al, successivo FROM (
  SELECT codice_radice, valido_dal, valido_al,
         lead(valido_dal) OVER (PARTITION BY codice_radice ORDER BY valido_dal) AS successivo
  FROM main.co_versioni WHERE {{written}})
WHERE successivo IS NOT NULL AND (valido_al IS NULL OR successivo < valido_al);

-- test: a version holds at least a day
SELECT codice_radice, valido_dal, valido_al FROM main.co_versioni WHERE {{written}} AND valido_al <= valido_dal;
