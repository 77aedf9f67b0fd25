-- crisis-basin cells of the published tables on one date: each crosses the date with the
-- province and at most one more breakdown (the full crossing of bacini_crisi.sql makes
-- every cell small).
-- grain: dimensione (provincia: the province total; ateco_sezione; cittadinanza; sesso)
--   x provincia x valore.
-- columns: periodo ($periodo: ora, mese, anno, for A, a month before, a year before; or
--   the report's), dimensione, provincia, codice_provincia, valore (the breakdown's code,
--   '' for the province total), nome (the country's Italian name from ref_paesi for
--   cittadinanza, else NULL), lavoratori, di_cui_permesso_a_rischio (exact counts).
-- reads: {{bacini}}, bacini_crisi.sql on the date (materializeBasins).
WITH tutte AS (
  SELECT $periodo::VARCHAR AS periodo, * FROM {{bacini}}
),
celle AS (
  SELECT periodo, provincia, any_value(codice_provincia) AS codice_provincia,
         CASE WHEN grouping(ateco_sezione) = 0 THEN 'ateco_sezione' WHEN grouping(cittadinanza) = 0 THEN 'cittadinanza'
              WHEN grouping(sesso) = 0 THEN 'sesso' ELSE 'provincia' END AS dimensione,
         CASE WHEN grouping(ateco_sezione) = 0 THEN ateco_sezione WHEN grouping(cittadinanza) = 0 THEN cittadinanza
              WHEN grouping(sesso) = 0 THEN sesso ELSE '' END AS valore,
         sum(lavoratori)::BIGINT AS lavoratori, sum(di_cui_permesso_a_rischio)::BIGINT AS di_cui_permesso_a_rischio
  FROM tutte
  GROUP BY GROUPING SETS ((periodo, provincia), (periodo, provincia, ateco_sezione), (periodo, provincia, cittadinanza), (periodo, provincia, sesso))
)
SELECT c.periodo, c.dimensione, c.provincia, c.codice_provincia, coalesce(c.valore, '?') AS valore,
       CASE WHEN c.dimensione = 'cittadinanza' THEN p.nome END AS nome, c.lavoratori, c.di_cui_permesso_a_rischio
FROM celle c
LEFT JOIN main.ref_paesi p ON c.dimensione = 'cittadinanza' AND p.codice = c.valore
ORDER BY ALL
