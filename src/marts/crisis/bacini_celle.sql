-- crisis-basin cells of the published tables on one date: each crosses the date with the
-- area (the province, or with $by the CPI or ambito, '?' for the municipalities not
-- mapped) and at most one more breakdown (the full crossing of bacini_crisi.sql makes
-- every cell small).
-- grain: dimensione (provincia: the area's total, whatever the area; ateco_sezione;
--   cittadinanza; sesso) x provincia x area x valore: by CPI or ambito an area's cells
--   are those of each province it has workers in (the area '?' is in every province;
--   a CPI in one), so that the decision of the date links them to the province's cells.
-- columns: periodo ($periodo: ora, mese, anno, for A, a month before, a year before; or
--   the report's), dimensione, provincia (of the last rapporto; by province the area),
--   area, codice_provincia (by province, the province's ISTAT
--   code; else NULL), area_nome (NULL by province), valore (the breakdown's code,
--   '' for the area total), nome (the country's Italian name from ref_paesi for
--   cittadinanza, else NULL), lavoratori, di_cui_permesso_a_rischio (exact counts).
-- reads: {{bacini}}, bacini_crisi.sql on the date (materializeBasins).
WITH tutte AS (
  SELECT $periodo::VARCHAR AS periodo, * FROM {{bacini}}
),
celle AS (
  SELECT periodo, provincia, area, CASE WHEN $by::VARCHAR = 'provincia' THEN any_value(codice_provincia) END AS codice_provincia,
         any_value(area_nome) AS area_nome,
         CASE WHEN grouping(ateco_sezione) = 0 THEN 'ateco_sezione' WHEN grouping(cittadinanza) = 0 THEN 'cittadinanza'
              WHEN grouping(sesso) = 0 THEN 'sesso' ELSE 'provincia' END AS dimensione,
         CASE WHEN grouping(ateco_sezione) = 0 THEN ateco_sezione WHEN grouping(cittadinanza) = 0 THEN cittadinanza
              WHEN grouping(sesso) = 0 THEN sesso ELSE '' END AS valore,
         sum(lavoratori)::BIGINT AS lavoratori, sum(di_cui_permesso_a_rischio)::BIGINT AS di_cui_permesso_a_rischio
  FROM tutte
  GROUP BY GROUPING SETS ((periodo, provincia, area), (periodo, provincia, area, ateco_sezione),
                         (periodo, provincia, area, cittadinanza), (periodo, provincia, area, sesso))
)
SELECT c.periodo, c.dimensione, c.provincia, c.area, c.codice_provincia, c.area_nome, coalesce(c.valore, '?') AS valore,
       CASE WHEN c.dimensione = 'cittadinanza' THEN p.nome END AS nome, c.lavoratori, c.di_cui_permesso_a_rischio
FROM celle c
LEFT JOIN main.ref_paesi p ON c.dimensione = 'cittadinanza' AND p.codice = c.valore
ORDER BY ALL
