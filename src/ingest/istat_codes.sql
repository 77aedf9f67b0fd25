-- ISTAT codes shared by every flow's checked rows (temporary macros of the ingest).
-- The macro-area (ripartizione geografica, 1 Nord-ovest .. 5 Isole) of an ISTAT region code.
CREATE OR REPLACE TEMP MACRO istat_ripartizione(codice_regione) AS
  CASE WHEN codice_regione IN ('01', '02', '03', '07') THEN '1' WHEN codice_regione IN ('04', '05', '06', '08') THEN '2'
       WHEN codice_regione IN ('09', '10', '11', '12') THEN '3' WHEN codice_regione BETWEEN '13' AND '18' THEN '4'
       WHEN codice_regione IN ('19', '20') THEN '5' END;

-- istat_luoghi(): one row per territory code a file may write: the SDMX codes of
--   ref_istat_territori (ITTER107, NUTS 2010-2024, regions, macro-areas, Italy) and, for
--   the long layout, a province's sigla or ISTAT 3-digit code.
--   columns: codice, sdmx (which layout writes it), livello (provincia, provincia_autonoma,
--   regione, ripartizione, italia), provincia, codice_provincia, codice_regione, ripartizione.
CREATE OR REPLACE TEMP MACRO istat_luoghi() AS TABLE
  SELECT t.codice, true AS sdmx, t.livello, t.provincia, p.codice_provincia, t.codice_regione, t.ripartizione
  FROM ref_istat_territori t LEFT JOIN ref_province p USING (provincia)
  UNION ALL
  SELECT c.codice, false, 'provincia', p.provincia, p.codice_provincia, p.codice_regione, istat_ripartizione(p.codice_regione)
  FROM ref_province p, (SELECT unnest([p.provincia, p.codice_provincia, ltrim(p.codice_provincia, '0')]) AS codice) c;

-- Sex: SDMX 1, 2, 9 (total) through ref_istat_sdmx_codici; the long layout M, F, T or empty (both).
CREATE OR REPLACE TEMP MACRO istat_sesso(code, is_sdmx) AS
  CASE WHEN is_sdmx THEN (SELECT valore FROM ref_istat_sdmx_codici WHERE dimensione = 'sesso' AND codice = code)
       WHEN code IN ('M', 'F', 'T') THEN code WHEN code IS NULL THEN 'T' END;

-- Age: the total, or an SDMX age code: a year (Y15), an open class (Y_GE65, Y_UN17) or a range (Y15-24).
CREATE OR REPLACE TEMP MACRO istat_eta(code) AS
  CASE WHEN code IS NULL THEN 'TOTALE'
       WHEN code IN (SELECT codice FROM ref_istat_sdmx_codici WHERE dimensione = 'eta') THEN 'TOTALE'
       WHEN regexp_full_match(code, 'Y[0-9]{1,3}|Y_(GE|GT|LE|LT|UN)[0-9]{1,3}|Y[0-9]{1,3}-[0-9]{1,3}') THEN code END;

-- A single country of an SDMX citizenship code: ISO alpha-2 (ISTAT writes UK for the United
-- Kingdom), ISTAT's own codes (ref_istat_sdmx_codici, dimension paese), or ISTAT 3-digit (999 stateless).
-- Returns the ISTAT 3-digit code, or NULL.
CREATE OR REPLACE TEMP MACRO istat_paese(code) AS coalesce(
  (SELECT valore FROM ref_istat_sdmx_codici WHERE dimensione = 'paese' AND codice = code),
  (SELECT min(codice) FROM ref_paesi WHERE iso2 = code AND length(code) = 2),
  (SELECT codice FROM ref_paesi WHERE codice = code AND regexp_full_match(code, '[0-9]{3}')));
