import { readFileSync } from 'node:fs';
import type { Database, Row } from '../db/Database.js';
import { type DataTest, readWithTests, runDataTests } from '../db/dataTests.js';
import { flagList } from './flagList.js';
import { riskDefaults } from './risk/riskOptions.js';
import { fillTemplate, usedParams } from '../db/runScript.js';
import { UserError } from '../runtime/errors.js';
import type { Logger } from '../runtime/logger.js';
import { ensureBuilt, ensurePointInTime } from '../transform/ensureBuilt.js';
import { loadTransformMacros } from '../transform/runModels.js';

export const ORIM_SCHEMA_VERSION = '2';

/**
 * One ORIM table: its query (a .sql file stating grain, primary key, columns and
 * identities, then `-- test:` blocks over {{table}} returning failing rows) and how
 * disclosure control treats its measures. Other outputs add their own definitions to
 * the list the writer takes (writeOrimTables).
 */
export interface OrimTableDefinition {
  name: string;
  /** Italian title, in datapackage.json. */
  title: string;
  /** The query text, {{slots}} included. */
  sql: string;
  /** Data tests: queries over {{table}} returning the rows that break a rule. */
  tests: DataTest[];
  /** Computed on the state known on the semester's last day (point in time). */
  pointInTime?: boolean;
  /** A figure of a semester only: not in the annual edition (its workers' counts are not sums of the semesters'). */
  semesterOnly?: boolean;
  /** Counts of people or events (the small-count rule looks at them) and measures derived from them. */
  counts: string[];
  derived: string[];
  /** Measures that are not counts of our records (rates, hours, survey estimates): published as computed. */
  exact?: string[];
  /** Key columns that label another column (codice_provincia of provincia): not in the primary key. */
  labels?: string[];
  /** Descriptions that differ from orimDictionary.ts for this table. */
  fields?: Record<string, string>;
  /** How its figures join the disclosure audit of all the tables (absent: no counts). */
  disclosure?: TableDisclosure;
}

/**
 * How a table's figure of a year follows from the same figure of its two semesters
 * (the annual tables are decided with the semesters', disclosure/yearWithSemesters.ts):
 * `sum`, an event counted in the semester it falls in (the flows: the year's
 * activations are H1's plus H2's); `end`, a state on the period's last day (the stock
 * on 31 December is H2's); `same`, a figure of the year itself (residents on 1
 * January, which both semesters show).
 */
export type OverSemesters = 'sum' | 'end' | 'same';

/** A table as a hypercube of the audit (src/disclosure/hypercube.ts). */
interface TableDisclosure {
  /** Tables of one family share their margins (figureKey). */
  family: string;
  /** Pairs every row has without a column (co_cittadinanze: gruppo_cittadinanza NUE). */
  constants?: Record<string, string>;
  /** Key columns another one determines (flag by motivo): not dimensions of the margins. */
  nested?: string[];
  /** Counts of distinct people: no margins, a reader cannot add them up. */
  notAdditive?: string[];
  /** Breakdowns an output publishes crossed with each other (hypercube.ts, `crossed`). */
  crossed?: string[];
  /** Dimensions within another, child -> parent (hypercube.ts, `within`: the ATECO division within its section). */
  within?: Record<string, string>;
  /** Relations inside every row. */
  identities?: { measure: string; terms: [string, number][] }[];
  /** How its year follows from its semesters (absent: no relation, e.g. INPS's own annual rows). */
  overSemesters?: OverSemesters;
}

const cessazioni = {
  measure: 'cessazioni',
  terms: [
    ['cessazioni_comunicate', 1],
    ['cessazioni_a_termine', 1],
  ] as [string, number][],
};
const saldo = {
  measure: 'saldo',
  terms: [
    ['attivazioni', 1],
    ['cessazioni', -1],
  ] as [string, number][],
};
const flows: TableDisclosure = { family: 'flussi', identities: [cessazioni, saldo], overSemesters: 'sum' };
const stock: TableDisclosure = { family: 'stock', notAdditive: ['lavoratori_attivi'], overSemesters: 'end' };

const read = (url: URL) => readFileSync(url, 'utf8');
/** A fragment of SQL (column list, predicate) without its header comments, to sit inside a statement. */
const readFragment = (url: URL) =>
  read(url)
    .replace(/^--.*\n/gm, '')
    .trimEnd();

/** The rule of the risk indicators' counts (risk/parti_rischio.sql), the {{parti_rischio}} of their tables' tests. */
const partiRischio = readFragment(new URL('./risk/parti_rischio.sql', import.meta.url));

/** A mart's data tests with the slots they share filled in, {{table}} left for the run. */
export const withTestSlots = (tests: DataTest[]): DataTest[] =>
  tests.map((t) => ({ ...t, sql: fillTemplate(t.sql, { parti_rischio: partiRischio, table: '{{table}}' }) }));

const fromFile = (name: string) => {
  const mart = readWithTests(new URL(`./orim/${name}.sql`, import.meta.url));
  return { ...mart, tests: withTestSlots(mart.tests) };
};

const flowMeasures = [
  'attivazioni',
  'cessazioni_comunicate',
  'cessazioni_a_termine',
  'cessazioni',
  'proroghe',
  'trasformazioni_ti',
];
const provinceLabel = ['codice_provincia'];
/** The counts of the risk indicators (marts/risk/misure_rischio.sql), in the order of the tables' columns. */
export const riskCounts = [
  'cessazioni',
  'cessazioni_entro_1_giorno',
  'cessazioni_entro_3_giorni',
  'lavoratori_molti_brevi',
  'coppie_brevi_ripetute',
  'attivazioni',
  'attivazioni_intermittenti',
  'attivazioni_domestiche',
  'attivazioni_agricole_stagionali',
  'attivazioni_permesso_stagionale',
  'attivazioni_donne',
  'part_time_uomini',
  'part_time_donne',
];
/** The stock tables count on the semester's last day, not on an event's: their citizenship is the one at that date. */
const stockFields = {
  gruppo_cittadinanza: 'Gruppo di cittadinanza alla data: ITA italiana, UE altro Paese UE, NUE Paese non UE.',
};
const gruppoAllaCessazione =
  "Gruppo di cittadinanza alla data di fine del rapporto: ITA italiana, UE altro Paese dell'Unione europea, NUE Paese non UE.";
const gruppoAllAvvio =
  "Gruppo di cittadinanza alla data di inizio del rapporto: ITA italiana, UE altro Paese dell'Unione europea, NUE Paese non UE.";

/** The ORIM tables of schema version 2 (docs/orim-schema-2.md), in the order they are written. */
export const orimTableDefinitions: readonly OrimTableDefinition[] = [
  {
    name: 'co_flussi_contratto',
    title: 'Flussi di rapporti per gruppo di contratto',
    ...fromFile('co_flussi_contratto'),
    counts: [...flowMeasures, 'trasformazioni_uscite'],
    derived: ['saldo'],
    labels: provinceLabel,
    disclosure: {
      family: 'flussi',
      overSemesters: 'sum',
      identities: [
        cessazioni,
        {
          measure: 'saldo',
          terms: [
            ['attivazioni', 1],
            ['cessazioni', -1],
            ['trasformazioni_ti', 1],
            ['trasformazioni_uscite', -1],
          ],
        },
      ],
    },
    fields: {
      saldo:
        'Saldo dei rapporti nel gruppo di contratto: attivazioni - cessazioni + trasformazioni_ti - trasformazioni_uscite (una trasformazione sposta il rapporto nel gruppo TI).',
    },
  },
  {
    name: 'co_flussi_settore',
    title: 'Flussi di rapporti per sezione ATECO',
    ...fromFile('co_flussi_settore'),
    counts: flowMeasures,
    derived: ['saldo'],
    labels: provinceLabel,
    disclosure: flows,
  },
  {
    name: 'co_flussi_anagrafica',
    title: 'Flussi di rapporti per sesso e classe di età',
    ...fromFile('co_flussi_anagrafica'),
    counts: flowMeasures,
    derived: ['saldo'],
    labels: provinceLabel,
    disclosure: flows,
  },
  {
    name: 'co_stock_contratto',
    title: 'Rapporti attivi a fine semestre per gruppo di contratto',
    ...fromFile('co_stock_contratto'),
    counts: ['rapporti_attivi', 'lavoratori_attivi'],
    derived: [],
    labels: provinceLabel,
    disclosure: stock,
    fields: stockFields,
  },
  {
    name: 'co_stock_settore',
    title: 'Rapporti attivi a fine semestre per sezione ATECO',
    ...fromFile('co_stock_settore'),
    counts: ['rapporti_attivi', 'lavoratori_attivi'],
    derived: [],
    labels: provinceLabel,
    disclosure: stock,
    fields: stockFields,
  },
  {
    name: 'co_stock_anagrafica',
    title: 'Rapporti attivi a fine semestre per sesso e classe di età',
    ...fromFile('co_stock_anagrafica'),
    counts: ['rapporti_attivi', 'lavoratori_attivi'],
    derived: [],
    labels: provinceLabel,
    disclosure: stock,
    fields: {
      ...stockFields,
      classe_eta: 'Classe di età in anni compiuti alla data (<15, 15-24, 25-34, 35-44, 45-54, 55-64, 65+).',
    },
  },
  {
    name: 'co_cittadinanze',
    title: 'Flussi di rapporti dei cittadini non UE per Paese',
    ...fromFile('co_cittadinanze'),
    counts: ['attivazioni', 'cessazioni'],
    derived: ['saldo'],
    labels: [...provinceLabel, 'nome'],
    disclosure: {
      family: 'flussi',
      constants: { gruppo_cittadinanza: 'NUE' },
      identities: [saldo],
      overSemesters: 'sum',
    },
  },
  {
    name: 'co_durata_rapporti',
    title: 'Rapporti cessati per durata',
    ...fromFile('co_durata_rapporti'),
    counts: ['cessazioni'],
    derived: [],
    labels: provinceLabel,
    disclosure: { family: 'flussi', overSemesters: 'sum' },
    fields: { gruppo_cittadinanza: gruppoAllaCessazione },
  },
  {
    name: 'co_cessazioni_motivo',
    title: 'Cessazioni comunicate per motivo',
    ...fromFile('co_cessazioni_motivo'),
    counts: ['cessazioni_comunicate'],
    derived: [],
    labels: provinceLabel,
    disclosure: { family: 'flussi', overSemesters: 'sum' },
    fields: { gruppo_cittadinanza: gruppoAllaCessazione },
  },
  {
    name: 'co_attivazioni_orario',
    title: 'Attivazioni per orario di lavoro e sesso',
    ...fromFile('co_attivazioni_orario'),
    counts: ['attivazioni'],
    derived: [],
    labels: provinceLabel,
    // the report shows sex by working time for each group over the region
    disclosure: { family: 'flussi', crossed: ['sesso', 'orario'], overSemesters: 'sum' },
    fields: { gruppo_cittadinanza: gruppoAllAvvio },
  },
  {
    name: 'co_attivazioni_professione',
    title: 'Attivazioni per grande gruppo professionale (CP2011)',
    ...fromFile('co_attivazioni_professione'),
    counts: ['attivazioni'],
    derived: [],
    labels: provinceLabel,
    disclosure: { family: 'flussi', overSemesters: 'sum' },
    fields: {
      gruppo_cittadinanza: gruppoAllAvvio,
      grande_gruppo:
        "Grande gruppo professionale CP2011 della qualifica dell'assunzione (prima cifra, da 1 a 9); ? se non indicata.",
    },
  },
  {
    name: 'indicatori_rischio',
    title: 'Indicatori di rischio di sfruttamento nei rapporti di lavoro',
    ...fromFile('indicatori_rischio'),
    semesterOnly: true,
    counts: riskCounts,
    derived: [],
    labels: provinceLabel,
    // cessazioni and attivazioni are the flow tables' figures: summed over the divisions, co_flussi_settore's
    disclosure: { family: 'flussi', within: { ateco_divisione: 'ateco_sezione' } },
    fields: {
      gruppo_cittadinanza:
        "Gruppo di cittadinanza alla data dell'evento: ITA italiana, UE altro Paese dell'Unione europea, NUE Paese non UE.",
    },
  },
  {
    name: 'indicatori_rischio_cittadinanze',
    title: 'Indicatori di rischio di sfruttamento nei rapporti dei cittadini non UE, per Paese',
    ...fromFile('indicatori_rischio_cittadinanze'),
    semesterOnly: true,
    counts: riskCounts,
    derived: [],
    labels: [...provinceLabel, 'nome'],
    // a country's attivazioni and cessazioni are co_cittadinanze's figures, the countries' sum indicatori_rischio's NUE
    disclosure: { family: 'flussi', constants: { gruppo_cittadinanza: 'NUE' } },
    fields: {
      cittadinanza:
        'Cittadinanza, codice ISTAT del Paese (tre cifre), per i Paesi non UE con più lavoratori nel semestre; ALTRI per gli altri Paesi non UE insieme.',
      nome: 'Cittadinanza, denominazione italiana del Paese; Altri Paesi non UE per ALTRI.',
    },
  },
  {
    name: 'indicatori_rischio_datori',
    title: 'Datori di lavoro con indicatori di rischio di sfruttamento',
    ...fromFile('indicatori_rischio_datori'),
    semesterOnly: true,
    counts: [
      'datori',
      'datori_molte_assunzioni',
      'datori_uscite_rapide',
      'datori_molti_brevissimi',
      'datori_segnalati',
    ],
    derived: [],
    labels: provinceLabel,
    disclosure: { family: 'datori', within: { ateco_divisione: 'ateco_sezione' } },
  },
  {
    name: 'lavoratori_a_rischio',
    title: 'Lavoratori non UE segnalati a fine semestre',
    ...fromFile('lavoratori_a_rischio'),
    pointInTime: true,
    counts: ['lavoratori'],
    derived: [],
    disclosure: { family: 'rischio', nested: ['flag'], overSemesters: 'end' },
  },
  {
    name: 'inps_beneficiari',
    title: 'Beneficiari INPS di prestazioni di sostegno al reddito',
    ...fromFile('inps_beneficiari'),
    counts: ['beneficiari'],
    derived: [],
    labels: provinceLabel,
    disclosure: { family: 'inps' },
    fields: { gruppo_cittadinanza: 'Gruppo di cittadinanza come lo dà INPS: ITA, UE, NUE.' },
  },
  {
    name: 'istat_popolazione',
    title: 'Residenti stranieri al 1° gennaio',
    ...fromFile('istat_popolazione'),
    counts: ['residenti'],
    derived: [],
    labels: provinceLabel,
    disclosure: { family: 'istat', overSemesters: 'same' },
    fields: {
      data: "Data di riferimento: 1° gennaio dell'anno del semestre.",
      gruppo_cittadinanza: 'Gruppo di cittadinanza al 1° gennaio: UE, NUE, o STRANIERI se ISTAT non distingue i Paesi.',
    },
  },
  {
    name: 'istat_permessi',
    title: 'Permessi di soggiorno di cittadini non UE al 1° gennaio',
    ...fromFile('istat_permessi'),
    // ISTAT's own figures, published by ISTAT by province: not counts of our records
    counts: [],
    derived: [],
    exact: ['permessi'],
    labels: provinceLabel,
    fields: {
      data: "Data di riferimento: 1° gennaio dell'ultimo anno disponibile fino a quello del semestre.",
    },
  },
  {
    name: 'istat_forze_lavoro',
    title: 'Tassi della Rilevazione sulle forze di lavoro (ISTAT)',
    ...fromFile('istat_forze_lavoro'),
    counts: [],
    derived: [],
    exact: ['tasso'],
    labels: provinceLabel,
    fields: {
      provincia: 'Provincia, sigla automobilistica (MI); TOTALE per la Lombardia (stima regionale ISTAT).',
      codice_provincia: 'Provincia, codice ISTAT a tre cifre (015); vuoto per la Lombardia.',
      gruppo_cittadinanza: 'Cittadinanza come la distingue ISTAT: ITA italiani, STRANIERI, TOTALE.',
      sesso: 'Sesso: M, F, T totale.',
    },
  },
  {
    name: 'excelsior_entrate',
    title: 'Entrate previste dalle imprese (Excelsior)',
    ...fromFile('excelsior_entrate'),
    counts: [],
    derived: [],
    exact: ['entrate_previste', 'entrate_immigrati', 'entrate_difficile_reperimento'],
    labels: provinceLabel,
    fields: { ateco_sezione: 'Sezione ATECO 2007 (lettera), TOTALE per tutti i settori.' },
  },
  {
    name: 'excelsior_professioni',
    title: 'Entrate previste dalle imprese per grande gruppo professionale (Excelsior)',
    ...fromFile('excelsior_professioni'),
    counts: [],
    derived: [],
    exact: ['entrate_previste', 'entrate_immigrati', 'entrate_difficile_reperimento'],
    labels: provinceLabel,
  },
  {
    name: 'inps_ore_cig',
    title: 'Ore di cassa integrazione autorizzate',
    ...fromFile('inps_ore_cig'),
    counts: [],
    derived: [],
    exact: ['ore_autorizzate'],
    labels: provinceLabel,
  },
];

/** The names of the tables schema version 2 publishes. */
export const orimTableNames = orimTableDefinitions.map((t) => t.name);

export function orimTableDefinition(name: string): OrimTableDefinition {
  const table = orimTableDefinitions.find((t) => t.name === name);
  if (!table)
    throw new Error(`no ORIM table ${name}: the tables are ${orimTableDefinitions.map((t) => t.name).join(', ')}`);
  return table;
}

/** The flow events of a semester (the co_flussi_* tables, co_cittadinanze and the report's worker counts read the same). */
const flowEventsSql = read(new URL('./orim/eventi_flussi.sql', import.meta.url));
/** The SQL slots of the semester queries, each written once. */
export const semesterSlots = {
  flags: flagList.sql,
  eventi_flussi: flowEventsSql,
  misure_flussi: readFragment(new URL('./orim/misure_flussi.sql', import.meta.url)),
  rapporti_attivi: read(new URL('./orim/rapporti_attivi.sql', import.meta.url)),
  eventi_rischio: fillTemplate(read(new URL('./risk/eventi_rischio.sql', import.meta.url)), {
    eventi_flussi: flowEventsSql,
  }),
  misure_rischio: readFragment(new URL('./risk/misure_rischio.sql', import.meta.url)),
  datori_rischio: fillTemplate(read(new URL('./risk/datori_rischio.sql', import.meta.url)), {
    eventi_flussi: flowEventsSql,
    aree: read(new URL('./aree.sql', import.meta.url)),
  }),
};

/** Flags and basins on the semester's last day use the spec's defaults: 90 days, 12 months, 12 months. */
export const reportFlagOptions = { horizon_days: 90, job_seeking_months: 12, lookback_months: 12 };

/**
 * The period of a run of the ORIM tables and of a report: a semester (`2025-H1`) or,
 * for the annual edition, a calendar year (`2024`). `semestre` is its label: the value
 * the SQL binds as $semestre and writes in the tables' period column, which the files
 * of an annual edition name `anno` (writeOrimTables); inizio and fine are its first
 * and last day, the $inizio and $fine of every query.
 */
export interface Period {
  kind: 'semester' | 'year';
  semestre: string;
  inizio: string;
  fine: string;
}

/** The period most code takes: a semester, or a year where the annual report asks for one. */
export type Semester = Period;

/** `2025-H1` is 1 January to 30 June, `2025-H2` 1 July to 31 December. */
export function parseSemester(text: string): Semester {
  const match = /^(\d{4})-H([12])$/.exec(text);
  if (!match) throw new UserError(`not a semester: ${text}. Write it as YYYY-H1 or YYYY-H2 (e.g. 2025-H1).`, 2);
  const year = match[1]!;
  return match[2] === '1'
    ? { kind: 'semester', semestre: text, inizio: `${year}-01-01`, fine: `${year}-06-30` }
    : { kind: 'semester', semestre: text, inizio: `${year}-07-01`, fine: `${year}-12-31` };
}

/** `2024` is 1 January to 31 December 2024. */
export function parseYear(text: string): Period {
  if (!/^\d{4}$/.test(text)) throw new UserError(`not a year: ${text}. Write it as YYYY (e.g. 2024).`, 2);
  return { kind: 'year', semestre: text, inizio: `${text}-01-01`, fine: `${text}-12-31` };
}

/**
 * The INPS period type of a period's own rows (src/db/schema.sql, inps_beneficiari):
 * S for a semester, A for a year. The rows of a period win over the average of its months.
 */
const inpsPeriodType = (p: Period) => (p.kind === 'year' ? 'A' : 'S');

/**
 * Builds what the ORIM tables of a semester read, once for a run of them: the models
 * over all the data (when the data changed), the transform macros and, when one of
 * the tables asks for it, the state as known on the semester's last day (point in
 * time, as the flags command computes it). orimTableQuery then only writes SQL.
 */
export async function stageOrimTables(
  db: Database,
  semester: Semester,
  logger: Logger,
  tables: readonly OrimTableDefinition[],
): Promise<void> {
  await ensureBuilt(db, logger);
  await loadTransformMacros(db);
  if (tables.some((t) => t.pointInTime)) await ensurePointInTime(db, semester.fine, logger);
}

/** One ORIM table for a semester, staged and run (for tests and tools). */
export async function orimTable(
  db: Database,
  name: string,
  semester: Semester,
  logger: Logger,
  province?: string,
): Promise<Row[]> {
  const definition = orimTableDefinition(name);
  await stageOrimTables(db, semester, logger, [definition]);
  const { sql, params } = await orimTableQuery(db, definition, semester, province);
  return db.all(sql, params);
}

/**
 * The query of one ORIM table for a semester and its bound values, ready to run or
 * materialize over what stageOrimTables built; with a province (2-letter code), only
 * that province's rows. It runs nothing: the database only prepares the query, to
 * name the values it binds.
 */
export async function orimTableQuery(
  db: Database,
  table: string | OrimTableDefinition,
  semester: Semester,
  province?: string,
) {
  const definition = typeof table === 'string' ? orimTableDefinition(table) : table;
  const params = {
    semestre: semester.semestre,
    inizio: semester.inizio,
    fine: semester.fine,
    periodo_tipo: inpsPeriodType(semester),
    province: province ?? null,
    ...riskDefaults,
    // the ORIM tables count by province (aree.sql is for the lists by area)
    by: 'provincia',
  };
  const sql = `SELECT * FROM (\n${fillTemplate(definition.sql, semesterSlots)}\n) WHERE $province::VARCHAR IS NULL OR provincia = $province::VARCHAR`;
  return {
    sql,
    params: await usedParams(
      db,
      { name: `ORIM table ${definition.name}`, sql },
      definition.pointInTime ? { ...params, as_of: semester.fine, ...reportFlagOptions } : params,
    ),
  };
}

/**
 * Runs a table's data tests over a materialized copy of it; a failing test stops the
 * writer (exit 1) with the table, the test and sample rows, before any file is written.
 */
export async function runTableTests(db: Database, definition: OrimTableDefinition, table: string): Promise<void> {
  await runDataTests(
    db,
    `ORIM table ${definition.name}`,
    definition.tests,
    { table },
    "No file of it was written; the data (or the table's SQL) needs a look.",
  );
}
