import type { Database } from '../db/Database.js';
import { quoteIdent } from '../db/runScript.js';
import type { Hypercube } from './hypercube.js';
import type { Logger } from '../runtime/logger.js';
import {
  orimTableDefinitions,
  orimTableQuery,
  stageOrimTables,
  type OrimTableDefinition,
  type Semester,
} from '../marts/orimTables.js';

/**
 * Key columns that are not dimensions of a table's lines: the period (constant over
 * a table) and labels of another column (codice_provincia of provincia, nome of
 * cittadinanza), which would otherwise make one-cell "lines" of no real total.
 */
const notDimensions: ReadonlySet<string> = new Set(['semestre', 'data', 'periodo', 'codice_provincia', 'nome']);

/** A table read for the audit: its hypercube, and the text of each row's key (rowKeyText), in the same order. */
export interface OrimHypercube {
  definition: OrimTableDefinition;
  cube: Hypercube;
  rowKeys: string[];
  keyColumns: string[];
}

/**
 * Per measure, the keys (rowKeyText) of the rows of a table whose figure the decision
 * withholds (`withheld`: the decision's rows x measures of this table's cube), starting
 * from every measure in `measures`, so a measure with none has an empty list.
 */
export function withheldRowKeys(
  table: Pick<OrimHypercube, 'cube' | 'rowKeys'>,
  withheld: readonly (readonly boolean[])[],
  measures: readonly string[],
): Map<string, string[]> {
  const out = new Map(measures.map((m) => [m, [] as string[]]));
  withheld.forEach((row, r) =>
    row.forEach((h, j) => {
      if (h) out.get(table.cube.measures[j]!.name)!.push(table.rowKeys[r]!);
    }),
  );
  return out;
}

/** The SQL text of a row's key over its key columns (the writer finds withheld rows by it). */
export const rowKeyText = (columns: readonly string[]) =>
  `concat_ws(chr(1), ${columns.map((d) => `coalesce(${quoteIdent(d)}::VARCHAR, '')`).join(', ') || "''"})`;

/** A table's key columns: every column of `source` that is not one of its measures (counts, derived, exact). */
export async function orimKeyColumns(db: Database, definition: OrimTableDefinition, source: string): Promise<string[]> {
  const schema = await db.all<{ column_name: string }>(`DESCRIBE ${quoteIdent(source)}`);
  const measures = new Set([...definition.counts, ...definition.derived, ...(definition.exact ?? [])]);
  return schema.map((c) => c.column_name).filter((c) => !measures.has(c));
}

/**
 * The exact figures of a table (a temporary table, region-wide) as a hypercube of the
 * audit: dimensions are the key columns less the period, labels and nested columns;
 * measures its counts (additive unless counts of distinct people) and derived
 * measures (signed: saldo).
 */
export async function readOrimHypercube(
  db: Database,
  definition: OrimTableDefinition,
  source: string,
): Promise<OrimHypercube> {
  const d = definition.disclosure!;
  const measures = [...definition.counts, ...definition.derived];
  const keyColumns = await orimKeyColumns(db, definition, source);
  const skip = new Set([...notDimensions, ...(definition.labels ?? []), ...(d.nested ?? [])]);
  const dims = keyColumns.filter((c) => !skip.has(c));
  const rows =
    await db.all(`SELECT ${rowKeyText(keyColumns)} AS "__key__", ${[...dims, ...measures].map(quoteIdent).join(', ')}
    FROM ${quoteIdent(source)} ORDER BY ALL`);
  const notAdditive = new Set(d.notAdditive ?? []);
  return {
    definition,
    keyColumns,
    rowKeys: rows.map((r) => String(r.__key__)),
    cube: {
      family: d.family,
      dims,
      ...(d.constants ? { constants: d.constants } : {}),
      ...(d.crossed ? { crossed: d.crossed } : {}),
      ...(d.within ? { within: d.within } : {}),
      ...(d.overSemesters ? { overSemesters: d.overSemesters } : {}),
      measures: measures.map((m) => ({
        name: m,
        count: definition.counts.includes(m),
        additive: !notAdditive.has(m),
        signed: definition.derived.includes(m),
      })),
      ...(d.identities ? { identities: d.identities } : {}),
      rows: rows.map((r) => ({
        dims: dims.map((c) => String(r[c] ?? '')),
        values: measures.map((m) => Number(r[m] ?? 0)),
      })),
    },
  };
}

/**
 * The hypercubes of the ORIM tables of a semester, region-wide, each read from a
 * temporary table `<prefix><name>` of its exact figures: what decidePublication takes
 * (for the tools that measure or attack the decision without writing the tables).
 */
export async function readOrimHypercubes(
  db: Database,
  semester: Semester,
  logger: Logger,
  prefix: string,
): Promise<Hypercube[]> {
  const cubes: Hypercube[] = [];
  await stageOrimTables(db, semester, logger, orimTableDefinitions);
  for (const t of orimTableDefinitions) {
    if (!t.disclosure) continue;
    const { sql, params } = await orimTableQuery(db, t, semester);
    await db.run(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(`${prefix}${t.name}`)} AS ${sql}`, params);
    cubes.push((await readOrimHypercube(db, t, `${prefix}${t.name}`)).cube);
  }
  return cubes;
}
