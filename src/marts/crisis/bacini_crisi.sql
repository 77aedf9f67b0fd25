-- Crisis basins (flags-and-basins.md) on $as_of (A): the workers in them on A (the
-- {{lavoratori}} slot, bacino_lavoratori.sql on the same $as_of, materialized) counted by area.
-- The area ($by) is the province of the last rapporto, or the CPI or ambito of its
-- sede_comune (the aree slot: aree.sql); a municipality the mapping does not have is in
-- the area '?' ("non mappato"), so that the areas still add up to the region.
-- Grain: data x provincia x area x comune_non_mappato x ateco_sezione x cittadinanza x sesso
--   (by province: area is the province and comune_non_mappato NULL).
-- Columns: data, provincia, codice_provincia (of the last rapporto), area (the province,
-- the CPI code or the ambito code; '?' unmapped), area_nome (NULL by province; the CPI's
-- or ambito's name, 'non mappato' for '?'), comune_non_mappato (the municipality of a
-- row in '?', else NULL), ateco_sezione (of its employer), cittadinanza (ISTAT code),
-- sesso, lavoratori, di_cui_permesso_a_rischio.
SELECT $as_of::DATE AS data, w.provincia, w.codice_provincia,
       CASE WHEN $by::VARCHAR = 'provincia' THEN w.provincia ELSE coalesce(z.area_codice, '?') END AS area,
       CASE WHEN $by::VARCHAR <> 'provincia' THEN coalesce(z.area_nome, 'non mappato') END AS area_nome,
       CASE WHEN $by::VARCHAR <> 'provincia' AND z.codice_istat IS NULL THEN w.sede_comune END AS comune_non_mappato,
       coalesce(w.ateco_sezione, '?') AS ateco_sezione, w.cittadinanza, w.sesso,
       count(*) AS lavoratori,
       count(*) FILTER (WHERE w.permesso_a_rischio) AS di_cui_permesso_a_rischio
FROM {{lavoratori}} w
LEFT JOIN ({{aree}}) z ON $by::VARCHAR <> 'provincia' AND z.codice_istat = w.sede_comune
GROUP BY ALL
ORDER BY ALL
-- test: one row per date, province, area, unmapped municipality, section, citizenship and sex
SELECT data, provincia, area, comune_non_mappato, ateco_sezione, cittadinanza, sesso, count(*) AS n
FROM {{table}} GROUP BY ALL HAVING count(*) > 1
-- test: every row is of the date and counts someone
SELECT * FROM {{table}} WHERE data IS DISTINCT FROM $as_of::DATE OR NOT lavoratori > 0
-- test: the workers with a permit at risk are some of the row's workers
SELECT * FROM {{table}} WHERE NOT di_cui_permesso_a_rischio BETWEEN 0 AND lavoratori
-- test: by province the area is the province; by CPI or ambito a '?' row names its municipality
SELECT * FROM {{table}}
WHERE ($by::VARCHAR = 'provincia' AND (area IS DISTINCT FROM provincia OR comune_non_mappato IS NOT NULL))
   OR ($by::VARCHAR <> 'provincia' AND (area = '?') <> (comune_non_mappato IS NOT NULL))
