import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Database } from '../db/Database.js';
import { quoteIdent } from '../db/runScript.js';
import type { Logger } from '../runtime/logger.js';
import { annualWording, columnDescriptions } from '../marts/orimDictionary.js';
import {
  ORIM_SCHEMA_VERSION,
  orimTableDefinitions,
  parseSemester,
  orimTableQuery,
  runTableTests,
  stageOrimTables,
  type OrimTableDefinition,
  type Semester,
} from '../marts/orimTables.js';
import { writeExcelWorkbook, writeItalianExcelCsv, type ExcelTable } from './writeExcelTables.js';
import { decidePublication, type PublicationDecision } from '../disclosure/decidePublication.js';
import type { DecidedSemester } from '../disclosure/yearWithSemesters.js';
import {
  orimKeyColumns,
  readOrimHypercube,
  withheldRowKeys,
  type OrimHypercube,
} from '../disclosure/orimHypercubes.js';
import { mappedAreaLevels } from '../marts/areaLevels.js';
import { riskAreaCube } from './riskAreaCubes.js';
import { writePublishedTable } from './writePublishedTable.js';
import { writeFileAtomically } from './writeFileAtomically.js';
import { silentProgress } from '../runtime/progress.js';

interface TableWritten {
  name: string;
  rows: number;
  /** Measure cells (rows x measures disclosure control may withhold), and those withheld. */
  cells: number;
  suppressed: number;
}

export interface OrimTablesWritten {
  tables: TableWritten[];
  /** Every figure of the audit (cells and margins, figureKey) of the region: withheld or shown. */
  figures: Map<string, boolean>;
  audit: PublicationDecision['audit'];
  /**
   * The temporary tables of each table's exact figures (the province's rows with a
   * province), by slot name (`orim_<name>`) as the report's queries read them.
   */
  exact: Record<string, string>;
}

/**
 * The Table Schema type of a DuckDB column. The SQL casts every measure to BIGINT or
 * DOUBLE, so that CSV, Parquet and Arrow carry the same type; a type the package
 * cannot state exactly is refused rather than written as a string.
 */
function frictionlessType(duckType: string): 'integer' | 'number' | 'date' | 'boolean' | 'string' {
  if (['BIGINT', 'INTEGER', 'SMALLINT', 'TINYINT'].includes(duckType)) return 'integer';
  if (duckType === 'DOUBLE') return 'number';
  if (duckType === 'DATE') return 'date';
  if (duckType === 'BOOLEAN') return 'boolean';
  if (duckType === 'VARCHAR') return 'string';
  throw new Error(
    `ORIM column of type ${duckType}: cast it in the table's SQL to BIGINT, DOUBLE, DATE, BOOLEAN or VARCHAR`,
  );
}

/** The Italian description of a column of a table (orimDictionary.ts, or the table's own). */
function describe(table: OrimTableDefinition, column: string): string {
  const text = table.fields?.[column] ?? columnDescriptions[column];
  if (!text)
    throw new Error(
      `ORIM table ${table.name}: column ${column} has no description; add it to src/marts/orimDictionary.ts`,
    );
  return text;
}

/**
 * How the files of a period's edition word what the SQL writes for a semester: an
 * annual edition names the period column `anno` (the queries and their data tests
 * keep `semestre`) and its descriptions and titles say "anno" (docs/orim-schema-2.md,
 * "Annual edition").
 */
const editionOf = (period: Semester) =>
  period.kind === 'year'
    ? { renames: { semestre: 'anno' } as Record<string, string>, say: annualWording }
    : { renames: {} as Record<string, string>, say: (text: string) => text };

/**
 * The ORIM tables of a semester (or of a year) decided for publication, once for every edition
 * written from them: each table's exact figures over the region in a temporary table
 * (`orim_all_<name>`), its data tests passed, and the disclosure decision of every
 * figure of all the tables together (disclosure/decidePublication.ts).
 */
export interface OrimDecision {
  semester: Semester;
  minCell: number;
  tables: readonly OrimTableDefinition[];
  cubes: OrimHypercube[];
  decision: PublicationDecision;
}

/**
 * Decides the ORIM tables of a semester (schema version 2, docs/orim-schema-2.md) on
 * the region's figures: each table's data tests run on its exact figures first, then
 * disclosure control decides every figure of all the tables at once (each measure of
 * a row on its own, the tables' shared margins one figure, the LP audit).
 *
 * A year's tables are decided after its two semesters' (docs/report.md, "Annual
 * report"): each semester is decided first as `report semiannual` decides it, then a
 * figure of the year made of semester figures (a year's activations are the sum of its
 * semesters') is shown only where all of those are, so that the annual and the
 * semi-annual tables together give away no withheld figure.
 */
export async function decideOrimTables(
  db: Database,
  semester: Semester,
  minCell: number,
  logger: Logger,
  tables: readonly OrimTableDefinition[] = orimTableDefinitions,
): Promise<OrimDecision> {
  const semesters: DecidedSemester[] = [];
  if (semester.kind === 'year') {
    for (const half of ['H1', 'H2']) {
      const period = parseSemester(`${semester.semestre}-${half}`);
      const cubes = (await readTableCubes(db, period, logger, tables, 'orim_half_')).map((c) => c.cube);
      const decision = decidePublication(cubes, minCell);
      logger.info({ semestre: period.semestre, ...decision.audit }, 'ORIM tables of a semester of the year audited');
      semesters.push({ semestre: period.semestre, figures: decision.figures, values: decision.values });
    }
  }
  // the semesters are decided with every table, as `report semiannual` decides them; the year without those of a semester only
  const published = semester.kind === 'year' ? tables.filter((t) => !t.semesterOnly) : tables;
  const cubes = await readTableCubes(db, semester, logger, published, 'orim_all_');
  const decision = decidePublication(
    cubes.map((c) => c.cube),
    minCell,
    semesters,
  );
  logger.info(
    { figures: decision.figures.size, withheld: decision.primary + decision.secondary, ...decision.audit },
    'ORIM tables audited',
  );
  return { semester, minCell, tables: published, cubes, decision };
}

/**
 * Each table of a period materialized as `<prefix><name>` (region-wide, exact), its
 * data tests passed, and read as a hypercube when disclosure control decides it; with
 * indicatori_rischio, when the region's mapping has rows, the risk indicators by CPI and
 * by ambito too (riskAreaCubes.ts), so that every table by area and by province is
 * decided at once and no two of them narrow a withheld figure together.
 */
async function readTableCubes(
  db: Database,
  period: Semester,
  logger: Logger,
  tables: readonly OrimTableDefinition[],
  prefix: string,
): Promise<OrimHypercube[]> {
  const bar = db.progressBar?.(`ORIM tables ${period.semestre}: figures and disclosure`) ?? silentProgress;
  const cubes: OrimHypercube[] = [];
  try {
    await stageOrimTables(db, period, logger, tables);
    for (const [i, table] of tables.entries()) {
      bar.update(i / tables.length, table.name);
      const { sql, params } = await orimTableQuery(db, table, period);
      const name = `${prefix}${table.name}`;
      await db.run(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(name)} AS ${sql}`, params);
      await runTableTests(db, table, quoteIdent(name));
      if (table.disclosure) cubes.push(await readOrimHypercube(db, table, name));
    }
    // the risk indicators by CPI and ambito (risk-indicators --by) are decided with those by province
    if (tables.some((t) => t.name === 'indicatori_rischio'))
      for (const by of await mappedAreaLevels(db)) {
        bar.update(1, `indicatori_rischio_${by}`);
        cubes.push(await riskAreaCube(db, period, by));
      }
  } finally {
    bar.done();
  }
  return cubes;
}

/**
 * Writes the ORIM tables of a semester into dir: CSV, Parquet and Arrow IPC per table
 * and datapackage.json (a Frictionless tabular data package: every resource a
 * tabular-data-resource whose Table Schema gives each field's type and Italian
 * description and the primary key), each file through a temporary name, as `decided`
 * publishes them: a withheld measure is empty and its row has `soppressa = true`;
 * measures that are not counts (rates, hours, estimates) are published as they are.
 * With a province, the tables hold that province's rows only, as the region's tables
 * publish them, so the region's edition and every province edition together publish
 * no more than the region's. The exact figures stay in temporary tables, named in the
 * result (`exact`), for the report (the province's rows with a province).
 */
export async function writeDecidedOrimTables(
  db: Database,
  decided: OrimDecision,
  dir: string,
  logger: Logger,
  province?: string,
  options: { excel?: boolean } = {},
): Promise<OrimTablesWritten> {
  const { semester, minCell, tables, cubes, decision } = decided;
  mkdirSync(dir, { recursive: true });
  const edition = editionOf(semester);
  const written: TableWritten[] = [];
  const resources: unknown[] = [];
  const excel: ExcelTable[] = [];
  const bar = db.progressBar?.(`ORIM tables${province ? ` of ${province}` : ''}`) ?? silentProgress;
  const exact: Record<string, string> = {};
  for (const table of tables) {
    exact[`orim_${table.name}`] = quoteIdent(`orim_${table.name}`);
    await db.run(
      `CREATE OR REPLACE TEMP TABLE ${quoteIdent(`orim_${table.name}`)} AS
      SELECT * FROM ${quoteIdent(`orim_all_${table.name}`)} WHERE $province::VARCHAR IS NULL OR provincia = $province::VARCHAR`,
      { province: province ?? null },
    );
  }
  let done = 0;
  const tick = (name: string) => bar.update(done++ / tables.length, name);
  for (const table of tables) {
    const { name, counts, derived, exact } = table;
    tick(name);
    const at = cubes.findIndex((c) => c.definition === table);
    const hideable = [...counts, ...derived];
    const withheld =
      at >= 0
        ? withheldRowKeys(cubes[at]!, decision.withheld[at]!, hideable)
        : new Map(hideable.map((m) => [m, [] as string[]]));
    const keyColumns = at >= 0 ? cubes[at]!.keyColumns : await orimKeyColumns(db, table, `orim_all_${name}`);
    const published = await writePublishedTable(db, {
      source: `orim_all_${name}`,
      hideable,
      exact: exact ?? [],
      keyColumns,
      withheld,
      ...(province ? { province } : {}),
      base: path.join(dir, name),
      arrow: true,
      renames: edition.renames,
    });
    const describeColumn = (column: string) => edition.say(describe(table, column));
    const labels = new Set(table.labels ?? []);
    resources.push({
      profile: 'tabular-data-resource',
      name,
      title: edition.say(table.title),
      path: `${name}.csv`,
      format: 'csv',
      mediatype: 'text/csv',
      encoding: 'utf-8',
      schema: {
        fields: published.columns.map((c) => ({
          name: c.name,
          type: frictionlessType(c.type),
          description: describeColumn(c.name),
        })),
        primaryKey: published.key.filter((k) => !labels.has(k)),
        missingValues: [''],
      },
      'x-parquet': `${name}.parquet`,
      'x-arrow': `${name}.arrow`,
    });
    excel.push({
      name,
      title: edition.say(table.title),
      source: published.published,
      measures: hideable,
      fields: published.columns.map((c) => ({ name: c.name, type: c.type, description: describeColumn(c.name) })),
    });
    written.push({ name, rows: published.rows, cells: published.cells, suppressed: published.suppressed });
    logger.debug(
      { table: name, rows: published.rows, cells: published.cells, suppressed: published.suppressed },
      'ORIM table written',
    );
  }
  const datapackage = {
    profile: 'tabular-data-package',
    name: `orim-co-${semester.semestre.toLowerCase()}`,
    title: `Comunicazioni Obbligatorie, Lombardia, ${semester.semestre}: tavole ORIM`,
    version: ORIM_SCHEMA_VERSION,
    'x-schema-version': ORIM_SCHEMA_VERSION,
    'x-min-cell': minCell,
    resources,
  };
  bar.done();
  await writeFileAtomically(path.join(dir, 'datapackage.json'), `${JSON.stringify(datapackage, null, 2)}\n`);
  if (options.excel) {
    // For people who open the tables in Excel: the same published rows (docs/orim-schema-2.md, "Excel").
    for (const t of excel) await writeItalianExcelCsv(db, t, path.join(dir, 'excel', `${t.name}.csv`));
    await writeExcelWorkbook(db, excel, path.join(dir, 'tavole.xlsx'), datapackage.title);
  }
  return { tables: written, figures: decision.figures, audit: decision.audit, exact };
}

/** Decides and writes the ORIM tables of a semester into dir (one edition: the region's, or a province's). */
export async function writeOrimTables(
  db: Database,
  semester: Semester,
  dir: string,
  minCell: number,
  logger: Logger,
  province?: string,
  tables: readonly OrimTableDefinition[] = orimTableDefinitions,
  options: { excel?: boolean } = {},
): Promise<OrimTablesWritten> {
  const decided = await decideOrimTables(db, semester, minCell, logger, tables);
  return writeDecidedOrimTables(db, decided, dir, logger, province, options);
}
