import { readFileSync } from 'node:fs';
import type { DuckDBValue } from '@duckdb/node-api';
import { UserError } from '../runtime/errors.js';
import type { Database, Row } from './Database.js';
import { fillTemplate, queryScript, quoteIdent, runScript, type Script } from './runScript.js';

/** A data test: a query returning the rows that break a rule (none = pass), as dbt writes them. */
export interface DataTest {
  name: string;
  sql: string;
}

/** A model's or a published query's SQL and the data tests written after it. */
export interface SqlWithTests {
  sql: string;
  tests: DataTest[];
}

/**
 * Splits a .sql file into its query and the `-- test: <name>` blocks that end it.
 * The query keeps everything before the first block, so it can be a slot of another
 * query; each test loses a trailing `;`.
 */
export function splitDataTests(text: string): SqlWithTests {
  const [sql, ...tests] = text.split(/^-- test: /m);
  return {
    sql: sql!.trimEnd(),
    tests: tests.map((block) => {
      const newline = block.indexOf('\n');
      return {
        name: block.slice(0, newline).trim(),
        sql: block
          .slice(newline + 1)
          .trim()
          .replace(/;$/, ''),
      };
    }),
  };
}

export const readWithTests = (url: URL): SqlWithTests => splitDataTests(readFileSync(url, 'utf8'));

const sampleRows = (rows: unknown[]) =>
  JSON.stringify(rows, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

/**
 * Runs data tests with their slots (`{{table}}`, `{{target}}`) filled and the values
 * they name bound. The first failing test stops the command (exit 1) naming what was
 * tested, the test and up to five of its rows; `consequence` says what was left
 * undone and what to look at.
 */
export async function runDataTests(
  db: Database,
  what: string,
  tests: readonly DataTest[],
  slots: Record<string, string>,
  consequence: string,
  params: Record<string, DuckDBValue> = {},
): Promise<void> {
  for (const test of tests) {
    const query = { name: `${what}, test "${test.name}"`, sql: `${fillTemplate(test.sql, slots)} LIMIT 5` };
    const failing = await queryScript(db, query, params);
    if (failing.length)
      throw new UserError(
        `data test failed: ${what}, test "${test.name}"; sample rows: ${sampleRows(failing)}. ${consequence}`,
      );
  }
}

/**
 * Runs a published query into the temp table `table` (replaced), runs its data tests
 * there (runDataTests, with the same values) and returns its rows, in the query's
 * order: DuckDB keeps a table's insertion order. `query` is one statement, its tests
 * already split off (splitDataTests).
 */
export async function queryWithTests<T extends Row = Row>(
  db: Database,
  what: string,
  query: Script,
  tests: readonly DataTest[],
  table: string,
  consequence: string,
  params: Record<string, DuckDBValue> = {},
): Promise<T[]> {
  const target = quoteIdent(table);
  await runScript(db, { name: query.name, sql: `CREATE OR REPLACE TEMP TABLE ${target} AS ${query.sql}` }, params);
  await runDataTests(db, what, tests, { table: target }, consequence, params);
  return db.all<T>(`SELECT * FROM ${target}`);
}
