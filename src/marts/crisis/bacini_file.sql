-- a published crisis-basin table, as written to bacini_crisi_<name>.csv and .parquet
-- (the rows come from basinTables.ts, after disclosure control, as the JSON list $righe).
-- grain: area (TOTALE: the region) [x the breakdown's value, TOTALE: all its values].
-- columns: data, data_mese_prima, data_anno_prima (A and the two dates compared), the
--   area's columns ({{area}}: provincia, codice_provincia; or cpi_codice, cpi_nome or
--   ambito_codice, ambito_nome, '?' and 'non mappato' for the municipalities the mapping
--   does not have; the second NULL for TOTALE), the breakdown's column ({{dimensione}}:
--   ateco_sezione, cittadinanza with nome, sesso; none for the province table),
--   lavoratori, di_cui_permesso_a_rischio and the same _mese_prima and _anno_prima
--   (NULL: withheld, or a date the data do not cover: then the whole column is NULL),
--   soppresse (how many counts of the row disclosure control withheld).
SELECT $data::DATE AS data, $data_mese_prima::DATE AS data_mese_prima, $data_anno_prima::DATE AS data_anno_prima,
       {{area}}{{dimensione}},
       lavoratori, di_cui_permesso_a_rischio, lavoratori_mese_prima, di_cui_permesso_a_rischio_mese_prima,
       lavoratori_anno_prima, di_cui_permesso_a_rischio_anno_prima, soppresse::INTEGER AS soppresse
FROM (SELECT unnest(from_json($righe, '[{"area": "VARCHAR", "codice_provincia": "VARCHAR", "area_nome": "VARCHAR", "valore": "VARCHAR", "nome": "VARCHAR",
  "lavoratori": "BIGINT", "di_cui_permesso_a_rischio": "BIGINT", "lavoratori_mese_prima": "BIGINT", "di_cui_permesso_a_rischio_mese_prima": "BIGINT",
  "lavoratori_anno_prima": "BIGINT", "di_cui_permesso_a_rischio_anno_prima": "BIGINT", "soppresse": "INTEGER"}]'), recursive := true))
