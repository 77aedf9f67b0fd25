-- The flag list by CPI or ambito ($by), for each centre its list: the rows of the flag
-- list (flags.sql, materialized in the temporary table of the flags slot) with the area
-- of the municipality of the rapporto that gives the row its province (the aree slot:
-- aree.sql). A municipality the
-- mapping does not have keeps its row, with the area empty (the summary counts them).
-- grain: one row per (worker, flag), the rows of the flag list, sorted by area (empty last),
--   then worker and flag.
-- columns: lavoratore_id, flag, reason, provincia, comune (sede_comune of that rapporto),
--   the area's code and name (the codice and nome slots: cpi_codice, cpi_nome or
--   ambito_codice, ambito_nome),
--   cittadinanza, fine_rapporto, scadenza_permesso, datore_ateco.
SELECT f.lavoratore_id, f.flag, f.reason, f.provincia, f.comune,
       a.area_codice AS {{codice}}, a.area_nome AS {{nome}},
       f.cittadinanza, f.fine_rapporto, f.scadenza_permesso, f.datore_ateco
FROM {{flags}} f
LEFT JOIN ({{aree}}) a ON a.codice_istat = f.comune
ORDER BY a.area_codice NULLS LAST, f.lavoratore_id, f.flag

-- test: every row of the flag list, once
SELECT 'rows' AS what, (SELECT count(*) FROM {{table}}) AS n, (SELECT count(*) FROM {{flags}}) AS expected
WHERE (SELECT count(*) FROM {{table}}) <> (SELECT count(*) FROM {{flags}})
-- test: an area only where the row has a municipality, and a name with every code
SELECT * FROM {{table}} WHERE ({{codice}} IS NOT NULL AND comune IS NULL) OR (({{codice}} IS NULL) <> ({{nome}} IS NULL))
