-- The area below the province of each municipality the region's mapping gives
-- (ref_aree_comuni, aree_comuni.csv in --reference-dir): its employment centre when
-- $by is 'cpi', its ambito territoriale when 'ambito'. The one rule of a rapporto's
-- area: the area of its sede_comune, the workplace (the CO carry no domicile of the
-- worker), read by the flag list by area (flags_per_area.sql) and the crisis basins
-- (crisis/bacini_crisi.sql) as their aree slot. A municipality not in the mapping
-- has no row: each reader says what it does with it.
-- grain: one row per municipality mapped (codice_istat, the ISTAT code sede_comune holds).
-- columns: codice_istat, area_codice, area_nome.
SELECT codice_istat,
       CASE $by::VARCHAR WHEN 'cpi' THEN cpi_codice WHEN 'ambito' THEN ambito_codice END AS area_codice,
       CASE $by::VARCHAR WHEN 'cpi' THEN cpi_nome WHEN 'ambito' THEN ambito_nome END AS area_nome
FROM main.ref_aree_comuni
