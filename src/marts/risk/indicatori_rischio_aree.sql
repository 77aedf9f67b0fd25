-- The risk indicators of a semester by employment centre (CPI) or ambito territoriale
-- ($by): the counts of indicatori_rischio (docs/risk-indicators.md) by the area of the
-- workplace of each event (the aree slot, aree.sql), for `risk-indicators --by`.
-- grain: semestre x provincia x area x ateco_sezione x gruppo_cittadinanza, for the semester
--   [$inizio, $fine] (by section: the division by area is too fine to publish).
-- primary key: semestre, provincia, area, ateco_sezione, gruppo_cittadinanza.
-- columns: semestre, provincia, codice_provincia, area (the CPI or ambito code; '?' for a
--   municipality the mapping does not have), area_nome ('non mappato' for '?'),
--   ateco_sezione, gruppo_cittadinanza, then the counts of indicatori_rischio.sql
--   (misure_rischio.sql), and comuni_non_mappati (the distinct municipalities of the row
--   the mapping does not have: 0 outside area '?').
-- A worker with many short rapporti, or a pair with repeated ones, is in the area of the
--   last short rapporto, as it is in that rapporto's province and division.
SELECT $semestre AS semestre, e.provincia, e.codice_provincia,
       coalesce(z.area_codice, '?') AS area, coalesce(z.area_nome, 'non mappato') AS area_nome,
       e.ateco_sezione, e.gruppo_cittadinanza,
{{misure_rischio}},
       count(DISTINCT e.sede_comune) FILTER (WHERE z.codice_istat IS NULL)::BIGINT AS comuni_non_mappati
FROM ({{eventi_rischio}}) e
LEFT JOIN ({{aree}}) z ON z.codice_istat = e.sede_comune
GROUP BY ALL
ORDER BY ALL

-- test: unique primary key
SELECT semestre, provincia, area, ateco_sezione, gruppo_cittadinanza, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1

-- test: an area of the mapping has its name, and only '?' has unmapped municipalities
SELECT * FROM {{table}} WHERE area_nome IS NULL OR (area = '?') <> (comuni_non_mappati > 0)

-- test: a part is at most its whole
SELECT * FROM {{table}} WHERE NOT ({{parti_rischio}})
