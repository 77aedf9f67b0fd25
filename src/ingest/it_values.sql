-- Values written the Italian way, as INPS and Unioncamere write them: numbers
-- (`.` between groups of three digits, `,` before the decimals, `-` for zero) and
-- territories by name as well as by code. Scalar macros and one view, shared by the
-- INPS, cassa integrazione and Excelsior loaders (docs/ingest.md, "Numbers and
-- names written the Italian way").

-- The number style one value can only be read in: 'IT' when it has a decimal comma
-- or several groups of three (1.234,5 / 1.234.567), 'EN' when its dot cannot be a
-- thousands separator (15785.0, 1.5, 1.23, 1234.567); NULL when either reading fits
-- (1.234, 1234) or it is not a number. A file's style is the one its values show.
CREATE OR REPLACE TEMP MACRO it_number_style(v) AS
  CASE WHEN regexp_full_match(v, '([0-9]{1,3}(\.[0-9]{3})+|[0-9]+),[0-9]+')
         OR regexp_full_match(v, '[0-9]{1,3}(\.[0-9]{3}){2,}') THEN 'IT'
       WHEN regexp_full_match(v, '[0-9]+\.[0-9]+') AND NOT regexp_full_match(v, '[0-9]{1,3}\.[0-9]{3}') THEN 'EN' END;

-- A dot followed by exactly three digits in a file that writes decimals with a
-- point: 1234 or 1.234? Neither reading is taken.
CREATE OR REPLACE TEMP MACRO it_number_ambiguous(v, style) AS
  style = 'EN' AND regexp_full_match(v, '[0-9]{1,3}\.[0-9]{3}');

-- The value of a number written in the file's style (style 'EN', or anything else
-- for the Italian reading); `-` is zero; NULL when it is not a number of that style
-- (1.23 or 12.50 in an Italian file, 1e3, -3, 12 ore). At most 15 digits, so a
-- DOUBLE holds it exactly.
CREATE OR REPLACE TEMP MACRO it_number(v, style) AS
  CASE WHEN v = '-' THEN 0::DOUBLE
       WHEN length(regexp_replace(v, '[^0-9]', '', 'g')) > 15 THEN NULL
       WHEN regexp_full_match(v, '[0-9]+') THEN v::DOUBLE
       WHEN style = 'EN' THEN
         CASE WHEN regexp_full_match(v, '[0-9]+\.[0-9]+') AND NOT regexp_full_match(v, '[0-9]{1,3}\.[0-9]{3}') THEN v::DOUBLE END
       WHEN regexp_full_match(v, '([0-9]{1,3}(\.[0-9]{3})+|[0-9]+)(,[0-9]+)?') THEN replace(replace(v, '.', ''), ',', '.')::DOUBLE END;

-- A count of people: the number when it is whole (13.0 in an English-style file is
-- 13; 12,5 is not a count), else NULL.
CREATE OR REPLACE TEMP MACRO it_count(v, style) AS
  CASE WHEN it_number(v, style) = floor(it_number(v, style)) THEN it_number(v, style)::BIGINT END;

-- The reason a number column fails, or NULL: used by the chk_<column>__<reason> checks.
CREATE OR REPLACE TEMP MACRO it_number_failure(v, style, whole) AS
  CASE WHEN v IS NULL THEN NULL
       WHEN it_number_ambiguous(v, style) THEN 'ambiguous_number'
       WHEN it_number(v, style) IS NULL THEN 'not_a_number'
       WHEN whole AND it_count(v, style) IS NULL THEN 'not_whole' END;

-- A name as compared: lower case, no accents, every run of other characters one
-- space (Forlì-Cesena = forli cesena, Reggio nell'Emilia = reggio nell emilia).
CREATE OR REPLACE TEMP MACRO co_name_key(s) AS trim(regexp_replace(lower(strip_accents(s)), '[^a-z0-9]+', ' ', 'g'));

-- How a territory value is looked up in co_territori: an ISTAT province code as
-- three digits (15 = 015), anything else by its name key (MI = mi, Varese = varese).
CREATE OR REPLACE TEMP MACRO co_territorio_key(v) AS
  CASE WHEN regexp_full_match(trim(v), '[0-9]{1,3}') THEN lpad(trim(v), 3, '0') ELSE co_name_key(v) END;

-- Grain: one row per way of writing a province or a region (its key, see
-- co_territorio_key). Columns: chiave, livello (provincia | regione), provincia
-- (2-letter code, provinces only), codice_provincia, codice_regione. Provinces by
-- sigla, ISTAT code, ISTAT name, each part of a bilingual name (Bolzano/Bozen) and
-- the aliases of ref_province_nomi; regions by name and each part of theirs. A name
-- that is both (Valle d'Aosta) is the province: that region has that one province.
CREATE OR REPLACE TEMP VIEW co_territori AS
WITH province_names AS (
  SELECT co_name_key(provincia) AS chiave, provincia FROM ref_province
  UNION SELECT codice_provincia, provincia FROM ref_province
  UNION SELECT co_name_key(denominazione), provincia FROM ref_province
  UNION SELECT co_name_key(unnest(string_split(denominazione, '/'))), provincia FROM ref_province
  UNION SELECT co_name_key(nome), provincia FROM ref_province_nomi
),
region_names AS (
  SELECT co_name_key(regione) AS chiave, codice_regione FROM ref_province
  UNION SELECT co_name_key(unnest(string_split(regione, '/'))), codice_regione FROM ref_province
)
SELECT n.chiave, 'provincia' AS livello, p.provincia, p.codice_provincia, p.codice_regione
FROM province_names n JOIN ref_province p USING (provincia)
UNION ALL
SELECT chiave, 'regione', NULL, NULL, codice_regione FROM region_names
WHERE chiave NOT IN (SELECT chiave FROM province_names);

-- Grain: one row per way of writing a region (its name key). Columns: chiave,
-- codice_regione. For a column that holds regions only (INPS open data's Regione):
-- every part of a bilingual name, including Valle d'Aosta, which co_territori reads
-- as the province.
CREATE OR REPLACE TEMP VIEW co_regioni AS
SELECT DISTINCT co_name_key(regione) AS chiave, codice_regione FROM ref_province
UNION SELECT co_name_key(unnest(string_split(regione, '/'))), codice_regione FROM ref_province;

-- A month written as a number (3, 03) or an Italian name (Marzo, MARZO), as 1-12; else NULL.
CREATE OR REPLACE TEMP MACRO it_month(v) AS
  CASE WHEN regexp_full_match(trim(v), '[0-9]{1,2}') THEN CASE WHEN trim(v)::INTEGER BETWEEN 1 AND 12 THEN trim(v)::INTEGER END
       ELSE nullif(list_position(['gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno', 'luglio', 'agosto',
                                  'settembre', 'ottobre', 'novembre', 'dicembre'], co_name_key(v)), 0) END;
