import type { DuckDBValue } from '@duckdb/node-api';
import type { Database } from '../db/Database.js';
import { quoteIdent } from '../db/runScript.js';
import { spreadsheetSafe } from './spreadsheetSafe.js';

/**
 * A query's rows as a spreadsheet may open them: its columns are described first
 * (with the same bound values) and only the VARCHAR ones pass through
 * spreadsheetSafe, so numbers, dates and booleans reach the file unchanged. The
 * order of the query's rows is kept (the outer SELECT only projects).
 */
export async function spreadsheetSafeQuery(
  db: Database,
  query: string,
  params: Record<string, DuckDBValue>,
): Promise<string> {
  const columns = await db.all<{ column_name: string; column_type: string }>(`DESCRIBE (\n${query}\n)`, params);
  const projection = columns.map(({ column_name: name, column_type: type }) =>
    type === 'VARCHAR' ? `${spreadsheetSafe.sql(quoteIdent(name))} AS ${quoteIdent(name)}` : quoteIdent(name),
  );
  return `SELECT ${projection.join(', ')} FROM (\n${query}\n)`;
}
