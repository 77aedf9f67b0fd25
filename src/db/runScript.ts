import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DuckDBPreparedStatement, DuckDBValue } from '@duckdb/node-api';
import type { Database, Row } from './Database.js';

/** A .sql script and the name its errors give (its file name). */
export interface Script {
  name: string;
  sql: string;
}

/** Reads a .sql asset next to the calling module (copied to dist/ by the build). */
export function readSql(url: URL): string {
  return readFileSync(url, 'utf8');
}

/** Reads a .sql asset as a script named by its file. */
export const readScript = (url: URL): Script => ({ name: basename(fileURLToPath(url)), sql: readSql(url) });

/**
 * Runs a script's statements in order, as DuckDB's parser splits them (so a ';'
 * or '$' inside a comment or a string is text, not a boundary or a parameter).
 * Each statement is bound with exactly the named parameters DuckDB finds in it,
 * taken from params: DuckDB binds values, the SQL text never carries them.
 */
export async function runScript(db: Database, script: Script, params: Record<string, DuckDBValue> = {}): Promise<void> {
  await eachStatement(db, script, params, (statement) => statement.run());
}

/** Runs a script like runScript and returns the rows of its last statement (Json values, as Database.all). */
export async function queryScript<T extends Row = Row>(
  db: Database,
  script: Script,
  params: Record<string, DuckDBValue> = {},
): Promise<T[]> {
  let rows: T[] = [];
  await eachStatement(db, script, params, async (statement, last) => {
    if (!last) return statement.run();
    rows = (await statement.runAndReadAll()).getRowObjectsJson() as T[];
  });
  return rows;
}

async function eachStatement(
  db: Database,
  script: Script,
  params: Record<string, DuckDBValue>,
  run: (statement: DuckDBPreparedStatement, last: boolean) => Promise<unknown>,
): Promise<void> {
  const extracted = await extract(db, script);
  if (!extracted) return;
  for (let i = 0; i < extracted.count; i++) {
    // Prepared one at a time, after the statements before it ran: it may read what they created.
    const statement = await extracted.prepare(i);
    try {
      statement.bind(namedValues(statement, `${script.name}, statement ${i + 1}`, params));
      await run(statement, i === extracted.count - 1);
    } finally {
      statement.destroySync();
    }
  }
}

/**
 * The script's statements, or none for a script of comments only: the client
 * refuses to extract zero statements, so a failed extraction is run as plain
 * text, which does nothing for an empty script and throws DuckDB's own parser
 * error for a broken one.
 */
async function extract(db: Database, script: Script) {
  try {
    return await db.connection.extractStatements(script.sql);
  } catch {
    await db.run(script.sql);
    return undefined;
  }
}

/**
 * The values a one-statement query names, out of params, for a caller that wraps
 * the query (CREATE TABLE AS, INSERT, COPY) before running it: DuckDB refuses
 * values a statement does not name. The query is prepared to learn its names, so
 * the tables it reads must exist.
 */
export async function usedParams(
  db: Database,
  query: Script,
  params: Record<string, DuckDBValue>,
): Promise<Record<string, DuckDBValue>> {
  const statement = await db.connection.prepare(query.sql);
  try {
    return namedValues(statement, query.name, params);
  } finally {
    statement.destroySync();
  }
}

/** The values of the parameters a prepared statement names; one it names and params lacks is a bug in the caller. */
function namedValues(statement: DuckDBPreparedStatement, where: string, params: Record<string, DuckDBValue>) {
  const values: Record<string, DuckDBValue> = {};
  for (let p = 1; p <= statement.parameterCount; p++) {
    const name = statement.parameterName(p);
    if (!Object.hasOwn(params, name)) {
      throw new Error(`${where}: parameter $${name} has no value (the caller must pass it)`);
    }
    values[name] = params[name]!;
  }
  return values;
}

/** Fills {{name}} slots with identifier lists built by the caller from fixed contracts. */
export function fillTemplate(sql: string, slots: Record<string, string>): string {
  return sql.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = slots[name];
    if (value === undefined) throw new Error(`SQL template slot {{${name}}} not filled`);
    return value;
  });
}

/** A script with its {{name}} slots filled (fillTemplate), keeping its name. */
export const fillScript = (script: Script, slots: Record<string, string>): Script => ({
  name: script.name,
  sql: fillTemplate(script.sql, slots),
});

/** Quotes an identifier for DuckDB. */
export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Quotes a string literal for DuckDB, for the few statements that take no bound values (ATTACH's path). */
export const quoteLiteral = (value: string) => `'${value.replaceAll("'", "''")}'`;
