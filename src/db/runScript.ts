import { readFileSync } from 'node:fs';
import type { DuckDBValue } from '@duckdb/node-api';
import type { Database } from './Database.js';

/** Reads a .sql asset next to the calling module (copied to dist/ by the build). */
export function readSql(url: URL): string {
  return readFileSync(url, 'utf8');
}

/**
 * Splits a script into statements (on a ';' that ends a line) and runs them in
 * order, giving each only the named parameters it uses: DuckDB binds values, the
 * SQL text never carries them.
 */
export async function runScript(db: Database, sql: string, params: Record<string, DuckDBValue> = {}): Promise<void> {
  const statements = sql
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter((s) => s.replace(/--.*$/gm, '').trim() !== '');
  for (const statement of statements) await db.run(statement, usedParams(statement, params));
}

/** The named parameters a statement uses ($name): DuckDB refuses values it does not use. */
export function usedParams(statement: string, params: Record<string, DuckDBValue>): Record<string, DuckDBValue> {
  const used = new Set([...statement.matchAll(/\$([a-z_]+)/g)].map((m) => m[1]!));
  return Object.fromEntries(Object.entries(params).filter(([k]) => used.has(k)));
}

/** Fills {{name}} slots with identifier lists built by the caller from fixed contracts. */
export function fillTemplate(sql: string, slots: Record<string, string>): string {
  return sql.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = slots[name];
    if (value === undefined) throw new Error(`SQL template slot {{${name}}} not filled`);
    return value;
  });
}

/** Quotes an identifier for DuckDB. */
export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Quotes a string literal for DuckDB, for the few statements that take no bound values (ATTACH's path). */
export const quoteLiteral = (value: string) => `'${value.replaceAll("'", "''")}'`;
