// Derives the run-time reference tables in reference/ from the public sources in
// ../shared/reference (see reference/SOURCES.md). Developer tool: the outputs are
// committed, because shared/ is not shipped to users. Run: node scripts/build-reference.mjs
import { DuckDBInstance } from '@duckdb/node-api';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const shared = path.resolve(root, process.argv[2] ?? '../shared/reference');
const out = path.join(root, 'reference');
const src = (f) => path.join(shared, f);
const dst = (f) => path.join(out, f);

const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
const run = (sql, params) => c.run(sql, params);
const csv = `header=true, all_varchar=true, delim=','`;
const copy = (query, file, params) => run(`COPY (${query}) TO '${dst(file)}' (HEADER, DELIMITER ',')`, params);

// Municipalities: current ISTAT list first, then the ANPR history for codes that no
// longer exist (CO records carry old codes). One row per code (ISTAT 6-digit or Belfiore).
await run(`CREATE TABLE istat AS SELECT * FROM read_csv('${src('istat_comuni_2025.csv')}', ${csv})`);
await run(`CREATE TABLE anpr AS SELECT * FROM read_csv('${src('anpr_archivio_comuni.csv')}', ${csv})`);
await copy(
  `
  WITH current AS (
    SELECT "Codice Comune formato alfanumerico" AS codice_istat, "Codice Catastale del comune" AS codice_catastale,
           "Denominazione in italiano" AS denominazione, "Sigla automobilistica" AS provincia,
           "Codice Provincia (Storico)(1)" AS codice_provincia, "Codice Regione" AS codice_regione,
           "Codice NUTS3 2024" AS nuts3, 'ISTAT 2025' AS fonte, 1 AS prio, DATE '9999-12-31' AS fine
    FROM istat),
  history AS (
    SELECT CODISTAT, CODCATASTALE, DENOMINAZIONE_IT, SIGLAPROVINCIA, IDPROVINCIAISTAT, IDREGIONE,
           NULL, 'ANPR archivio ' || STATO, 2, DATACESSAZIONE::DATE
    FROM anpr WHERE IDREGIONE <> 'EX'),
  everything AS (SELECT * FROM current UNION ALL SELECT * FROM history),
  by_code AS (
    SELECT codice_istat AS codice, 'ISTAT' AS tipo_codice, * EXCLUDE (prio, fine) FROM everything
    QUALIFY row_number() OVER (PARTITION BY codice_istat ORDER BY prio, fine DESC) = 1
    UNION ALL
    SELECT codice_catastale, 'BELFIORE', * EXCLUDE (prio, fine) FROM everything
    QUALIFY row_number() OVER (PARTITION BY codice_catastale ORDER BY prio, fine DESC) = 1)
  SELECT * FROM by_code ORDER BY tipo_codice, codice`,
  'comuni.csv',
);

// Provinces of the current list, with the NUTS-3 code ISTAT uses in SDMX exports.
await copy(
  `
  SELECT DISTINCT "Sigla automobilistica" AS provincia, "Codice Provincia (Storico)(1)" AS codice_provincia,
         "Denominazione dell'Unità territoriale sovracomunale (valida a fini statistici)" AS denominazione,
         "Codice Regione" AS codice_regione, "Denominazione Regione" AS regione, "Codice NUTS3 2024" AS nuts3
  FROM istat ORDER BY codice_provincia`,
  'province.csv',
);

// Countries: ISTAT 3-digit code (CO uses 000 for Italy, ISTAT 100), names, ISO codes, EU dates.
await run(`CREATE TABLE anpr_stati AS SELECT * FROM read_csv('${src('anpr_stati_esteri.csv')}', ${csv})`);
await run(`CREATE TABLE co_citt AS SELECT * FROM read_csv('${src('co_cittadinanze_anpal.csv')}', ${csv})`);
await run(`CREATE TABLE eu AS SELECT * FROM read_csv('${dst('eu_membership.csv')}', ${csv})`);
await copy(
  `
  WITH istat AS (
    SELECT CODISTAT AS codice, DENOMINAZIONEISTAT AS nome, DENOMINAZIONEISTAT_EN AS nome_en,
           CODISO3166_1_ALPHA3 AS iso3, ISO3166_ALPHA2_DERIVED_FROM_LUKES AS iso2, 'ANPR stati esteri' AS fonte
    FROM anpr_stati WHERE CITTADINANZA = 'S' AND CODISTAT <> '100'
    QUALIFY row_number() OVER (PARTITION BY CODISTAT ORDER BY DATAFINEVALIDITA DESC) = 1),
  co_only AS (
    SELECT cod_cittadinanza, des_cittadinanza, NULL, NULL, NULL, 'ANPAL cittadinanze CO'
    FROM co_citt WHERE cod_cittadinanza NOT IN (SELECT codice FROM istat)),
  all_codes AS (
    SELECT * FROM istat UNION ALL SELECT * FROM co_only
    UNION ALL SELECT '100', 'Italia', 'Italy', 'ITA', 'IT', 'ISTAT (Italia)')
  SELECT a.codice,
         CASE WHEN a.codice IN ('000', '100') THEN '100' ELSE a.codice END AS codice_istat,
         a.nome, a.nome_en, coalesce(a.iso3, CASE WHEN a.codice = '000' THEN 'ITA' END) AS iso3, a.iso2,
         eu.data_ingresso AS ue_dal, eu.data_uscita AS ue_al,
         coalesce(eu.libera_circolazione_senza_permesso, 'N') AS senza_permesso, a.fonte
  FROM all_codes a LEFT JOIN eu ON eu.iso3 = coalesce(a.iso3, CASE WHEN a.codice = '000' THEN 'ITA' END)
  ORDER BY a.codice`,
  'paesi.csv',
);
const missingEu = await c.runAndReadAll(`SELECT iso3 FROM eu WHERE iso3 NOT IN
  (SELECT CODISO3166_1_ALPHA3 FROM anpr_stati WHERE CODISO3166_1_ALPHA3 IS NOT NULL) AND iso3 <> 'ITA'`);
if (missingEu.getRowObjectsJson().length)
  throw new Error(`EU countries without an ISTAT code: ${JSON.stringify(missingEu.getRowObjectsJson())}`);

// Contract types with the group the reports use (TI, TD, AP, ALTRO). The codes are the
// ministry's current list (reference/sources/tipologie_contrattuali_mlps_rev093.csv,
// checked by hand, see reference/SOURCES.md) plus the older codes of the 2022 ANPAL
// snapshot that CO extracts still carry, with the snapshot's validity dates. The
// current list's wording wins where both have a code. The group comes from the
// description, first rule that matches:
//   A.03.04 (formazione lavoro) and A.03.07 (inserimento)    -> TD (fixed-term training contracts)
//   APPRENDISTATO                                             -> AP
//   TEMPO INDETERMINATO                                       -> TI (platform, agency work, domestic...)
//   TEMPO DETERMINATO                                         -> TD (platform, agency work, H.03.00...)
//   anything else (no term in the description: A.04.02 domestic, A.05.02 intermittent,
//   A.07.02 job sharing, A.08.02 home work, collaborations, traineeships, agency)  -> ALTRO
await run(
  `CREATE TABLE tipologie_2022 AS SELECT * FROM read_csv('${src('co_tipologie_contrattuali_anpal.csv')}', ${csv})`,
);
await run(`CREATE TABLE tipologie_correnti AS
  SELECT * FROM read_csv('${path.join(out, 'sources', 'tipologie_contrattuali_mlps_rev093.csv')}', ${csv})`);
await copy(
  `
  WITH codes AS (
    SELECT coalesce(c.codice, o.cod_tipologiacontr) AS codice,
           regexp_replace(trim(coalesce(c.descrizione, o.des_tipologiacontr)), '\\s+', ' ', 'g') AS descrizione,
           o.dat_inizio AS valido_dal, o.dat_fine AS valido_al,
           CASE WHEN c.codice IS NOT NULL THEN 'MLPS Classificazioni Standard Rev.093 (2026-04-26)'
                ELSE 'ANPAL TAB_RAPPORTILAVORO 2022' END AS fonte
    FROM tipologie_correnti c FULL JOIN tipologie_2022 o ON o.cod_tipologiacontr = c.codice)
  SELECT codice, descrizione,
         CASE WHEN codice IN ('A.03.04', 'A.03.07') THEN 'TD'
              WHEN descrizione LIKE '%APPRENDISTATO%' THEN 'AP'
              WHEN descrizione LIKE '%TEMPO INDETERMINATO%' THEN 'TI'
              WHEN descrizione LIKE '%TEMPO DETERMINATO%' THEN 'TD'
              ELSE 'ALTRO' END AS gruppo,
         valido_dal, valido_al, fonte
  FROM codes ORDER BY codice`,
  'tipologie_contrattuali.csv',
);

// Foreign birth places as a codice fiscale writes them (Belfiore Z-codes): the ANPR
// list of states, and the ANPAL CO list for the codes of states that no longer exist
// (Z105 Czechoslovakia...), which older codici fiscali still carry.
await copy(
  `
  WITH anpr AS (
    SELECT CODAT AS codice, DENOMINAZIONEISTAT AS nome, 'ANPR stati esteri' AS fonte FROM anpr_stati
    WHERE regexp_full_match(CODAT, 'Z[0-9]{3}') QUALIFY row_number() OVER (PARTITION BY CODAT ORDER BY DATAFINEVALIDITA DESC) = 1),
  anpal AS (
    SELECT cod_nazione, des_nazione, 'ANPAL nazioni CO' FROM read_csv('${src('co_nazioni_belfiore_anpal.csv')}', ${csv})
    WHERE regexp_full_match(cod_nazione, 'Z[0-9]{3}') AND cod_nazione NOT IN (SELECT codice FROM anpr)
    QUALIFY row_number() OVER (PARTITION BY cod_nazione ORDER BY dat_inizio DESC) = 1)
  SELECT * FROM anpr UNION ALL SELECT * FROM anpal ORDER BY codice`,
  'stati_esteri_belfiore.csv',
);

for (const [file, from] of [
  ['motivi_permesso.csv', 'co_motivi_permesso_soggiorno_anpal.csv'],
  ['titoli_soggiorno.csv', 'co_tipo_documento_soggiorno_anpal.csv'],
])
  await copy(`SELECT * FROM read_csv('${src(from)}', ${csv})`, file);

// ATECO 2007 sections by division (sections are unions of divisions), and every
// ATECO 2025 code mapped back to the 2007 section of the 2022 codes that map to it
// (the most frequent one where a 2025 code gathers codes of several sections).
await run(`CREATE TABLE a07 AS SELECT "Codice Ateco 2007" AS codice, Descrizione AS descrizione, ordinality AS n
  FROM read_csv('${src('ateco2007_istat_agid.csv')}', ${csv}) WITH ORDINALITY`);
await copy(
  `
  WITH sections AS (SELECT codice AS sezione, n FROM a07 WHERE regexp_matches(codice, '^[A-Z]$'))
  SELECT a.codice AS divisione, s.sezione FROM a07 a ASOF JOIN sections s ON a.n >= s.n
  WHERE regexp_matches(a.codice, '^[0-9]{2}$') ORDER BY divisione`,
  'ateco2007_divisioni.csv',
);
// The sections' titles as ISTAT writes them in its tables: sentence case with the
// accents ("Sanità e assistenza sociale"). The AgID file has them in capitals, two of
// them typed with an apostrophe for the accent (SANITA', ATTIVITA' IMMOBILIARI); the
// titles hold no proper noun, so lower case after the first letter is ISTAT's wording.
await copy(
  `
  WITH accented AS (
    SELECT codice, regexp_replace(descrizione, 'A''(\\s|,|;|$)', 'À\\1', 'g') AS d
    FROM a07 WHERE regexp_matches(codice, '^[A-Z]$'))
  SELECT codice AS sezione, upper(d[1]) || lower(d[2:]) AS descrizione FROM accented ORDER BY 1`,
  'ateco_sezioni.csv',
);
await copy(
  `
  WITH div AS (SELECT * FROM read_csv('${dst('ateco2007_divisioni.csv')}', ${csv})),
  x AS (
    SELECT replace(CODICE_ATECO_2025_RAPPRESENTATIVO, '.', '') AS codice_2025, div.sezione
    FROM read_csv('${src('ateco2022_ateco2025_raccordo_istat.csv')}', ${csv}) r
    JOIN div ON div.divisione = left(r.CODICE_ATECO_2022, 2)
    WHERE regexp_matches(CODICE_ATECO_2025_RAPPRESENTATIVO, '^[0-9]{2}'))
  SELECT codice_2025, sezione AS sezione_2007
  FROM (SELECT codice_2025, sezione, count(*) AS n FROM x GROUP BY codice_2025, sezione)
  QUALIFY row_number() OVER (PARTITION BY codice_2025 ORDER BY n DESC, sezione) = 1
  ORDER BY codice_2025`,
  'ateco2025_sezione2007.csv',
);

// The same for the ATECO 2007 division (the risk indicators are by division): every
// ATECO 2025 code and the most frequent division of the 2022 codes that map to it.
await copy(
  `
  WITH x AS (
    SELECT replace(CODICE_ATECO_2025_RAPPRESENTATIVO, '.', '') AS codice_2025, left(CODICE_ATECO_2022, 2) AS divisione
    FROM read_csv('${src('ateco2022_ateco2025_raccordo_istat.csv')}', ${csv})
    WHERE regexp_matches(CODICE_ATECO_2025_RAPPRESENTATIVO, '^[0-9]{2}') AND regexp_matches(CODICE_ATECO_2022, '^[0-9]{2}'))
  SELECT codice_2025, divisione AS divisione_2007
  FROM (SELECT codice_2025, divisione, count(*) AS n FROM x GROUP BY codice_2025, divisione)
  QUALIFY row_number() OVER (PARTITION BY codice_2025 ORDER BY n DESC, divisione) = 1
  ORDER BY codice_2025`,
  'ateco2025_divisione2007.csv',
);

// ATECO 2007 (agg. 2022) subcategories with their representative 2025 code: lets the
// generator write 2025 codes in communications sent from 2025-04-01.
await copy(
  `
  SELECT CODICE_ATECO_2022 AS codice_2007, CODICE_ATECO_2025_RAPPRESENTATIVO AS codice_2025
  FROM read_csv('${src('ateco2022_ateco2025_raccordo_istat.csv')}', ${csv})
  WHERE regexp_full_match(CODICE_ATECO_2022, '[0-9]{2}\\.[0-9]{2}\\.[0-9]{2}')
  ORDER BY 1`,
  'ateco_raccordo_2007_2025.csv',
);

// ISTAT territory codes as ISTAT's exports write them: the ITTER107 codes of the data
// browser (NUTS 2006 for most provinces: ITC45 Milano, ITD/ITE prefixes in the North-east
// and Centre; IT108-IT111 for the provinces created since), the NUTS 2010-2021 codes and
// NUTS 2024, regions and the five macro-areas (ripartizioni), Italy. One row per code.
await copy(
  `
  WITH p AS (
    SELECT DISTINCT "Sigla automobilistica" AS provincia, "Codice Regione" AS codice_regione,
           "Codice Ripartizione Geografica" AS ripartizione, "Codice NUTS3 2021" AS nuts2021,
           "Codice NUTS3 2024" AS nuts2024, "Codice NUTS2 2021 (3)" AS nuts2_2021
    FROM istat WHERE "Codice NUTS3 2021" = "Codice NUTS3 2024"),
  -- ISTAT's own codes where they are not NUTS 2006 with the 2010 prefixes swapped back
  itter_special(provincia, codice) AS (VALUES ('MI', 'ITC45'), ('MB', 'IT108'), ('FM', 'IT109'), ('BT', 'IT110'),
    ('SU', 'IT111'), ('FG', 'ITF41'), ('BA', 'ITF42'), ('SS', 'ITG25'), ('NU', 'ITG26'), ('CA', 'ITG27'), ('OR', 'ITG28')),
  province AS (
    SELECT nuts2024 AS codice, 'provincia' AS livello, provincia, codice_regione, ripartizione, 'NUTS-3 2024' AS fonte FROM p
    UNION SELECT nuts2021, 'provincia', provincia, codice_regione, ripartizione, 'NUTS-3 2021' FROM p
    UNION SELECT coalesce(s.codice, CASE WHEN p.nuts2021[1:3] = 'ITH' THEN 'ITD' || p.nuts2021[4:]
                                          WHEN p.nuts2021[1:3] = 'ITI' THEN 'ITE' || p.nuts2021[4:] ELSE p.nuts2021 END),
                 'provincia', p.provincia, p.codice_regione, p.ripartizione, 'ISTAT ITTER107'
    FROM p LEFT JOIN itter_special s USING (provincia)),
  regioni AS (
    SELECT DISTINCT CASE WHEN codice_regione = '04' THEN 'ITDA' ELSE nuts2_2021 END AS codice, 'regione' AS livello,
           NULL AS provincia, codice_regione, ripartizione, CASE WHEN codice_regione = '04' THEN 'ISTAT ITTER107' ELSE 'NUTS-2 2021' END AS fonte
    FROM p
    UNION SELECT DISTINCT CASE WHEN nuts2_2021[1:3] = 'ITH' THEN 'ITD' || nuts2_2021[4:] ELSE 'ITE' || nuts2_2021[4:] END,
           CASE WHEN codice_regione = '04' THEN 'provincia_autonoma' ELSE 'regione' END,
           CASE WHEN codice_regione = '04' THEN provincia END, codice_regione, ripartizione, 'ISTAT ITTER107'
    FROM p WHERE nuts2_2021[1:3] IN ('ITH', 'ITI')
    -- the autonomous provinces are NUTS-2 units: totals that repeat a province's own row
    UNION SELECT DISTINCT nuts2_2021, 'provincia_autonoma', provincia, codice_regione, ripartizione, 'NUTS-2 2021'
    FROM p WHERE codice_regione = '04'),
  aree(codice, livello, provincia, codice_regione, ripartizione, fonte) AS (VALUES
    ('ITC', 'ripartizione', NULL, NULL, '1', 'NUTS-1 (Nord-ovest)'),
    ('ITH', 'ripartizione', NULL, NULL, '2', 'NUTS-1 2010-2024 (Nord-est)'),
    ('ITD', 'ripartizione', NULL, NULL, '2', 'ISTAT ITTER107 (Nord-est)'),
    ('ITI', 'ripartizione', NULL, NULL, '3', 'NUTS-1 2010-2024 (Centro)'),
    ('ITE', 'ripartizione', NULL, NULL, '3', 'ISTAT ITTER107 (Centro)'),
    ('ITF', 'ripartizione', NULL, NULL, '4', 'NUTS-1 (Sud)'),
    ('ITG', 'ripartizione', NULL, NULL, '5', 'NUTS-1 (Isole)'),
    ('IT', 'italia', NULL, NULL, NULL, 'Italia'))
  SELECT codice, livello, provincia, codice_regione, ripartizione, string_agg(DISTINCT fonte, '; ' ORDER BY fonte) AS fonte
  FROM (SELECT * FROM province UNION ALL SELECT * FROM regioni UNION ALL SELECT * FROM aree)
  GROUP BY ALL ORDER BY codice`,
  'istat_territori.csv',
);

// ISTAT SDMX dimension codes -> the project's codes: sex 1/2/9 (9 total); age TOTAL
// (age classes Y... are read by pattern); citizenship totals and aggregates
// (countries are read through ISO alpha-2 in paesi.csv).
await copy(
  `
  SELECT dimensione || ':' || codice AS chiave, * FROM (VALUES
    ('sesso', '1', 'M', 'SDMX SEX'), ('sesso', '2', 'F', 'SDMX SEX'), ('sesso', '9', 'T', 'SDMX SEX (total)'),
    ('eta', 'TOTAL', 'TOTALE', 'SDMX AGE (total)'),
    ('cittadinanza', 'TOTAL', 'STRANIERI', 'all foreign citizenships'),
    ('cittadinanza', 'WORLD', 'STRANIERI', 'all foreign citizenships'),
    ('cittadinanza', 'EU27_2020', 'UE', 'EU 27 (2020) aggregate'),
    ('cittadinanza', 'NEU27_2020', 'NUE', 'outside EU 27 (2020) aggregate'),
    -- ISTAT's foreign-resident and permit flows (POPSTRCIT1_24, PERMSOGG1_1): EU28 still holds the
    -- United Kingdom; the geopolitical areas are outside EU28 and, with 999, add up to WORLD
    ('cittadinanza', 'EU28', 'UE', 'ISTAT: Unione europea (28 paesi), UK included'),
    ('cittadinanza', 'XEUR_NEU28_OTH', 'NUE', 'ISTAT: altri paesi europei non Ue 28'),
    ('cittadinanza', 'EUR_C_E', 'NUE', 'ISTAT permits: Europa centro-orientale (non-EU citizens only)'),
    ('cittadinanza', 'EUR_OTH', 'NUE', 'ISTAT permits: altri paesi europei (non-EU citizens only)'),
    ('cittadinanza', 'AFR', 'NUE', 'ISTAT: Africa'), ('cittadinanza', 'AFR_N', 'NUE', 'ISTAT: Africa settentrionale'),
    ('cittadinanza', 'AFR_W', 'NUE', 'ISTAT: Africa occidentale'), ('cittadinanza', 'AFR_E', 'NUE', 'ISTAT: Africa orientale'),
    ('cittadinanza', 'AFR_C_S', 'NUE', 'ISTAT: Africa centro-meridionale'),
    ('cittadinanza', 'ASI', 'NUE', 'ISTAT: Asia'), ('cittadinanza', 'ASI_W', 'NUE', 'ISTAT: Asia occidentale'),
    ('cittadinanza', 'ASI_E', 'NUE', 'ISTAT: Asia orientale'), ('cittadinanza', 'XASI_C_S', 'NUE', 'ISTAT: Asia centro-meridionale'),
    ('cittadinanza', 'AME', 'NUE', 'ISTAT: America'), ('cittadinanza', 'AME_N', 'NUE', 'ISTAT: America settentrionale'),
    ('cittadinanza', 'AME_C_S', 'NUE', 'ISTAT: America centro-meridionale'), ('cittadinanza', 'OCE', 'NUE', 'ISTAT: Oceania'),
    -- single countries ISTAT writes with its own codes (others are ISO alpha-2, through paesi.csv)
    ('paese', 'UK', '219', 'ISTAT/Eurostat code of the United Kingdom (ISO GB)'),
    ('paese', 'EL', '220', 'Eurostat code of Greece (ISO GR)'),
    ('paese', 'XK', '272', 'Kosovo (code used by Eurostat)'),
    ('paese', 'X95', '272', 'Kosovo in ISTAT permit flows (inferred: the only unmatched code, with the value of Kosovo)')) v(dimensione, codice, valore, fonte)
  ORDER BY 1`,
  'istat_sdmx_codici.csv',
);

// CP2011 professions at ISTAT's five levels, for Excelsior's demand by occupation:
// levels 1-4 (1, 1.1, 1.1.1, 1.1.1.1) from the ANPAL upper-level tables; level 5, the
// ISTAT "unità professionale" (2.1.1.4.1), is the first five parts of the CO
// qualifications, named by the one ending in .0 (each unit has one).
await copy(
  `
  SELECT codice, livello::INTEGER AS livello, descrizione FROM read_csv('${src('co_qualifiche_professionali_cp2011_livelli_anpal.csv')}', ${csv})
  UNION ALL
  SELECT regexp_extract(cod_qualprofliv4, '^([0-9]+(\\.[0-9]+){4})', 1), 5, des_qualprofliv4
  FROM read_csv('${src('co_qualifiche_professionali_cp2011_anpal.csv')}', ${csv})
  WHERE regexp_full_match(cod_qualprofliv4, '([0-9]+\\.){5}0')
  ORDER BY livello, codice`,
  'cp2011.csv',
);

console.log('reference tables written to', out);
