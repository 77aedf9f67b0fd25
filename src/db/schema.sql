-- Ingest layer of the pipeline database (schema version 1).
-- Tables are created when missing; later changes add numbered migrations.

CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
INSERT OR IGNORE INTO meta VALUES ('schema_version', '1');

-- Grain: one row per file an ingest command processed (loaded or failed).
CREATE SEQUENCE IF NOT EXISTS batch_id_seq START 1;
CREATE TABLE IF NOT EXISTS batches (
  batch_id          INTEGER PRIMARY KEY,
  kind              VARCHAR NOT NULL,      -- co, inps, inps-cig, istat, excelsior
  file_name         VARCHAR NOT NULL,      -- base name, as reported in rejects
  file_path         VARCHAR NOT NULL,      -- absolute path at ingest time
  sha256            VARCHAR NOT NULL,      -- content hash: re-ingest is a no-op
  size_bytes        BIGINT NOT NULL,
  encoding          VARCHAR,               -- utf-8, utf-8-bom, windows-1252
  delimiter         VARCHAR,
  status            VARCHAR NOT NULL,      -- loaded | failed
  rows_read         BIGINT,
  rows_loaded       BIGINT,
  rows_rejected     BIGINT,
  rows_repeated     BIGINT,                -- R2: already known, identical
  rows_conflicting  BIGINT,                -- R2: already known, different: this one wins
  error             VARCHAR,
  started_at        TIMESTAMP NOT NULL,
  finished_at       TIMESTAMP
);

-- Grain: one row per data-quality warning of a batch (extra columns, unknown codes...).
CREATE TABLE IF NOT EXISTS batch_warnings (
  batch_id     INTEGER NOT NULL,
  code         VARCHAR NOT NULL,
  column_name  VARCHAR,
  n            BIGINT NOT NULL,
  message      VARCHAR NOT NULL,
  examples     VARCHAR
);

-- Grain: one row per (rejected input row, failing column). A row may fail on
-- several columns; it counts once in batches.rows_rejected.
CREATE TABLE IF NOT EXISTS rejects (
  batch_id     INTEGER NOT NULL,
  file_name    VARCHAR NOT NULL,
  line         BIGINT NOT NULL,            -- line of the file where the record starts, as an editor shows it
  column_name  VARCHAR,
  value        VARCHAR,                    -- value as written; a codice fiscale, or anything shaped like one, is masked
  reason_code  VARCHAR NOT NULL,
  reason       VARCHAR NOT NULL
);

-- Grain: one row per codice_comunicazione (R2: repeats across extracts count once;
-- the most recent ingest wins). Pseudonymised; provenance in batch_id and riga.
CREATE TABLE IF NOT EXISTS co_comunicazioni (
  codice_comunicazione       VARCHAR NOT NULL,
  tipo_comunicazione         VARCHAR NOT NULL,  -- ORD, RET, ANN
  codice_comunicazione_prec  VARCHAR,
  tipo_evento                VARCHAR NOT NULL,  -- ASS, PRO, TRS, CES, TRD
  data_invio                 TIMESTAMP NOT NULL,
  lavoratore_id              VARCHAR NOT NULL,  -- HMAC-SHA-256 pseudonym or upstream id
  sesso                      VARCHAR NOT NULL,
  data_nascita               DATE NOT NULL,
  cittadinanza               VARCHAR NOT NULL,  -- ISTAT 3-digit code (CO 000 read as 100)
  titolo_soggiorno           VARCHAR,
  motivo_permesso            VARCHAR,
  scadenza_permesso          DATE,
  datore_id                  VARCHAR NOT NULL,
  datore_ateco               VARCHAR NOT NULL,  -- dotted form, e.g. 41.20.00
  sede_comune                VARCHAR NOT NULL,  -- ISTAT 6-digit code
  provincia                  VARCHAR NOT NULL,  -- 2-letter code (R8)
  codice_provincia           VARCHAR NOT NULL,  -- ISTAT 3-digit code
  data_inizio                DATE NOT NULL,
  data_fine                  DATE,
  data_evento                DATE NOT NULL,
  tipo_contratto             VARCHAR NOT NULL,
  codice_trasformazione      VARCHAR,
  motivo_cessazione          VARCHAR,
  tipo_orario                VARCHAR,
  qualifica                  VARCHAR,
  batch_id                   INTEGER NOT NULL,
  riga                       BIGINT NOT NULL
);

-- Grain: one row per repeat of a codice_comunicazione already seen (R2).
CREATE TABLE IF NOT EXISTS co_ripetizioni (
  codice_comunicazione  VARCHAR NOT NULL,
  batch_id              INTEGER NOT NULL,
  riga                  BIGINT NOT NULL,
  batch_id_prec         INTEGER NOT NULL,
  riga_prec             BIGINT NOT NULL,
  esito                 VARCHAR NOT NULL   -- identica | diversa (the later one wins)
);

-- Grain: one row per reject reason code; the text says what is wrong and what to do.
CREATE TABLE IF NOT EXISTS reject_reasons (code VARCHAR PRIMARY KEY, reason VARCHAR NOT NULL);
INSERT OR REPLACE INTO reject_reasons VALUES
  ('missing', 'required value is empty: fill it in the source system and send the row again'),
  ('missing_for_non_eu', 'titolo_soggiorno is required for a non-EU worker (citizenship group NUE on data_evento)'),
  ('missing_for_fixed_term', 'data_fine is required for a proroga and for a fixed-term (TD) assunzione'),
  ('invalid_date', 'not a date, or an impossible one: expected YYYY-MM-DD or DD/MM/YYYY (data_invio may carry a time)'),
  ('invalid_value', 'value not allowed here: see the column list in the CO extract contract'),
  ('unknown_code', 'code not in the reference list (check the code, or extend the reference table with --reference-dir)'),
  ('end_before_start', 'data_fine is before data_inizio'),
  ('event_before_start', 'data_evento is before data_inizio: an event cannot take effect before the rapporto starts'),
  ('invalid_codice_fiscale', 'codice fiscale malformed or with a wrong check character (value masked for privacy)'),
  ('invalid_provisional_codice_fiscale', 'an 11-character worker code is read as a provisional codice fiscale (11 digits, the last a check digit computed as for a partita IVA): not all digits, or a wrong check digit (value masked for privacy)'),
  ('malformed_row', 'the record does not split into the header''s columns (wrong number of fields or an unclosed quote)'),
  ('invalid_encoding', 'the line cannot be read in one encoding: export the file again in UTF-8 or Windows-1252 throughout'),
  ('raw_identifier', 'the value looks like a codice fiscale or partita IVA (masked): identifiers go in lavoratore_cf or datore_cf, where they are pseudonymised'),
  ('not_a_number', 'not a number as the file writes numbers: write digits with . between groups of three and , before the decimals (1.234,5), or - for zero'),
  ('not_whole', 'a number of people must be whole (12,5 is not a count): check the column, hours go in their own column'),
  ('ambiguous_number', 'the file writes decimals with a point, so 1.234 could be 1234 or 1.234: export the file with Italian numbers (1.234 or 1,234) or without thousands separators'),
  ('part_exceeds_total', 'a part (di cui) is larger than its total (entrate previste): check the row');

-- Grain: one row per loaded INPS row (a cell: period x province x benefit x
-- citizenship x sex) of a batch. INPS revises past periods: every version is kept
-- with its batch; the latest ingest of a cell is the one that counts downstream.
CREATE TABLE IF NOT EXISTS inps_beneficiari (
  batch_id             INTEGER NOT NULL,
  riga                 BIGINT NOT NULL,
  periodo              VARCHAR NOT NULL,   -- as written: 2025-H1, 2025-03, 2025
  periodo_tipo         VARCHAR NOT NULL,   -- S semester, M month, A year
  periodo_inizio       DATE NOT NULL,
  periodo_fine         DATE NOT NULL,
  provincia            VARCHAR NOT NULL,   -- 2-letter code
  codice_provincia     VARCHAR NOT NULL,
  prestazione          VARCHAR NOT NULL,   -- CIGO, CIGS, CIGD, FIS, NASPI, ... or another code as written
  cittadinanza         VARCHAR,            -- ISTAT country code, when the row gives one
  gruppo_cittadinanza  VARCHAR NOT NULL,   -- ITA, UE, NUE (R6 on the period's last day)
  sesso                VARCHAR,            -- M, F; NULL = both
  beneficiari          BIGINT NOT NULL,
  ore_autorizzate      DOUBLE
);

-- Grain: one row per loaded INPS row written for a whole region (provincia = a
-- region's name, e.g. Lombardia): a total INPS publishes, kept apart from the
-- provinces and never added to them. Same cells and columns as inps_beneficiari.
CREATE TABLE IF NOT EXISTS inps_beneficiari_regioni (
  batch_id             INTEGER NOT NULL,
  riga                 BIGINT NOT NULL,
  periodo              VARCHAR NOT NULL,
  periodo_tipo         VARCHAR NOT NULL,
  periodo_inizio       DATE NOT NULL,
  periodo_fine         DATE NOT NULL,
  codice_regione       VARCHAR NOT NULL,   -- ISTAT 2-digit region code (03 Lombardia)
  prestazione          VARCHAR NOT NULL,
  cittadinanza         VARCHAR,
  gruppo_cittadinanza  VARCHAR NOT NULL,
  sesso                VARCHAR,
  beneficiari          BIGINT NOT NULL,
  ore_autorizzate      DOUBLE
);

-- Grain: one row per loaded row of INPS open data on cassa integrazione (a cell:
-- month x territory x management x sector) of a batch. Hours authorised, not hours
-- used and not people: no count of people is in this table. Every version is kept
-- with its batch; the latest ingest of a cell counts downstream.
CREATE TABLE IF NOT EXISTS inps_ore_cig (
  batch_id          INTEGER NOT NULL,
  riga              BIGINT NOT NULL,
  anno              INTEGER NOT NULL,
  mese              INTEGER NOT NULL,      -- 1-12
  periodo_inizio    DATE NOT NULL,         -- first day of the month
  livello           VARCHAR NOT NULL,      -- provincia | regione (a region's total, kept apart)
  provincia         VARCHAR,               -- 2-letter code (livello provincia)
  codice_provincia  VARCHAR,
  codice_regione    VARCHAR NOT NULL,
  gestione          VARCHAR NOT NULL,      -- CIGO, CIGS, CIGD, FIS, FONDI, or as written (upper case)
  gestione_scritta  VARCHAR NOT NULL,      -- as written (Altri fondi, FONDI_Centrali...)
  ramo              VARCHAR,               -- sector as written (Industria, Edilizia, Commercio...); NULL = all
  ore_autorizzate   DOUBLE NOT NULL
);

-- Grain: one row per loaded row of an Excelsior export (Unioncamere, Sistema
-- Informativo Excelsior): period x territory x ATECO x occupation. Planned hires
-- (entrate previste) and two parts of them; NULL ATECO or occupation = all.
CREATE TABLE IF NOT EXISTS excelsior_entrate (
  batch_id                      INTEGER NOT NULL,
  riga                          BIGINT NOT NULL,
  periodo                       VARCHAR NOT NULL,   -- as written: 2025-03 (month) or 2025 (year)
  periodo_tipo                  VARCHAR NOT NULL,   -- M month, A year
  periodo_inizio                DATE NOT NULL,
  periodo_fine                  DATE NOT NULL,
  livello                       VARCHAR NOT NULL,   -- provincia | regione
  provincia                     VARCHAR,            -- 2-letter code (livello provincia)
  codice_provincia              VARCHAR,
  codice_regione                VARCHAR NOT NULL,
  ateco                         VARCHAR,            -- ATECO 2007 section (C) or division (25), as given
  ateco_sezione                 VARCHAR,            -- its section
  professione                   VARCHAR,            -- CP2011 code at the level given (2, 2.1 ... 2.1.1.4.1)
  professione_livello           INTEGER,            -- 1-5
  entrate_previste              BIGINT NOT NULL,
  entrate_immigrati             BIGINT,             -- of which immigrants (foreign workers)
  entrate_difficile_reperimento BIGINT              -- of which hard to find
);

-- Grain: one row per loaded ISTAT row (SDMX-CSV or long layout) of a batch.
-- Totals (sex total, region or Italy, citizenship aggregates) are kept and marked,
-- never added to their own parts.
CREATE TABLE IF NOT EXISTS istat_residenti (
  batch_id             INTEGER NOT NULL,
  riga                 BIGINT NOT NULL,
  layout               VARCHAR NOT NULL,   -- sdmx | long
  anno                 INTEGER NOT NULL,
  data_riferimento     DATE NOT NULL,      -- 1 January of anno
  livello              VARCHAR NOT NULL,   -- provincia | provincia_autonoma | regione | ripartizione | italia
  provincia            VARCHAR,            -- 2-letter code (livello provincia)
  codice_provincia     VARCHAR,
  codice_regione       VARCHAR,
  cittadinanza         VARCHAR,            -- ISTAT country code, for a single country
  gruppo_cittadinanza  VARCHAR NOT NULL,   -- ITA, UE, NUE (R6 on 1 January), STRANIERI (all foreigners), TOTALE (all residents, POPSTRRES)
  sesso                VARCHAR NOT NULL,   -- M, F, T (total)
  eta                  VARCHAR NOT NULL,   -- TOTALE, or an age code as written (Y0, Y_GE100...)
  residenti            BIGINT NOT NULL,
  totale               BOOLEAN NOT NULL    -- an aggregate of other rows (sex total, region, Italy, citizenship group)
);
-- The citizenship aggregate as ISTAT wrote it (WORLD, EU28, AFR_N...; TOTAL for a file without
-- citizenship), NULL for a single country or a long-layout group. Added after version 1.
ALTER TABLE istat_residenti ADD COLUMN IF NOT EXISTS aggregato VARCHAR;
-- The macro-area (ripartizione, 1 Nord-ovest .. 5 Isole) of every row below Italy. Added after version 1.
ALTER TABLE istat_residenti ADD COLUMN IF NOT EXISTS ripartizione VARCHAR;

-- Grain: one row per loaded row of an ISTAT residence-permit extract (DCIS_PERMSOGG) of a batch:
-- permits of non-EU citizens valid on 1 January. Totals kept and marked, never added to their parts.
CREATE TABLE IF NOT EXISTS istat_permessi (
  batch_id             INTEGER NOT NULL,
  riga                 BIGINT NOT NULL,
  anno                 INTEGER NOT NULL,
  data_riferimento     DATE NOT NULL,      -- 1 January of anno
  livello              VARCHAR NOT NULL,   -- provincia | provincia_autonoma | regione | ripartizione | italia
  provincia            VARCHAR,
  codice_provincia     VARCHAR,
  codice_regione       VARCHAR,
  ripartizione         VARCHAR,            -- macro-area 1-5
  cittadinanza         VARCHAR,            -- ISTAT country code, for a single country
  aggregato            VARCHAR,            -- the citizenship aggregate as written (WORLD, AFR_N...), for aggregates
  sesso                VARCHAR NOT NULL,   -- M, F, T (total)
  eta                  VARCHAR NOT NULL,   -- TOTALE, or an age code as written
  tipo_permesso        VARCHAR NOT NULL,   -- LUNGO_PERIODO (LONGT), CON_SCADENZA (NLONGT), TOTALE
  motivo_permesso      VARCHAR NOT NULL,   -- TOTALE (ALL), or the reason code as written
  permessi             BIGINT NOT NULL,
  totale               BOOLEAN NOT NULL    -- an aggregate of other rows
);

-- Grain: one row per loaded row of an ISTAT labour-force extract (RCFL rates) of a batch.
CREATE TABLE IF NOT EXISTS istat_forze_lavoro (
  batch_id             INTEGER NOT NULL,
  riga                 BIGINT NOT NULL,
  indicatore           VARCHAR NOT NULL,   -- EMP_R employment, UNEM_R unemployment, ACT_R activity, INACT_R inactivity rate
  periodo              VARCHAR NOT NULL,   -- 2024 (year) or 2024-Q1 (quarter)
  anno                 INTEGER NOT NULL,
  trimestre            INTEGER,            -- 1-4, NULL for a year
  livello              VARCHAR NOT NULL,
  provincia            VARCHAR,
  codice_provincia     VARCHAR,
  codice_regione       VARCHAR,
  sesso                VARCHAR NOT NULL,   -- M, F, T (total)
  eta                  VARCHAR NOT NULL,   -- the age class as written (Y15-64), or TOTALE
  gruppo_cittadinanza  VARCHAR NOT NULL,   -- ITA (ITL), STRANIERI (FRG), TOTALE, or an aggregate's group
  tasso                DECIMAL(12, 6) NOT NULL  -- per cent (66.3 = 66.3 %): a rate, never a count
);
