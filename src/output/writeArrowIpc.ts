import path from 'node:path';
import type { DataType } from 'apache-arrow';
import type { Json } from '@duckdb/node-api';
import type { Database } from '../db/Database.js';
import { writeFileAtomically } from './writeFileAtomically.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const integerTypes = new Set([
  'TINYINT',
  'SMALLINT',
  'INTEGER',
  'BIGINT',
  'HUGEINT',
  'UTINYINT',
  'USMALLINT',
  'UINTEGER',
  'UBIGINT',
  'UHUGEINT',
]);

/**
 * apache-arrow, loaded when a table is written rather than when the program starts:
 * most commands write none, and loading it costs about 0.15 s.
 */
type Arrow = typeof import('apache-arrow');

/** An Arrow type for a DuckDB column type, and how a value of Database.all (the Json getters) becomes its Arrow value. */
function arrowColumn(
  arrow: Arrow,
  name: string,
  duckType: string,
): { type: DataType; convert: (value: Json) => unknown } {
  const { Bool, DateDay, Float32, Float64, Int64, Utf8 } = arrow;
  if (duckType === 'VARCHAR') return { type: new Utf8(), convert: String };
  if (duckType === 'BOOLEAN') return { type: new Bool(), convert: (v) => v === true };
  // Number() also reads the 'NaN' / 'Infinity' / '-Infinity' strings the Json getters give for those values.
  if (duckType === 'DOUBLE') return { type: new Float64(), convert: Number };
  if (duckType === 'FLOAT') return { type: new Float32(), convert: Number };
  if (duckType === 'DATE') return { type: new DateDay(), convert: (v) => epochDays(String(v)) * 86_400_000 };
  if (integerTypes.has(duckType)) {
    // INTEGER and smaller arrive as numbers, BIGINT and wider as exact decimal strings.
    return {
      type: new Int64(),
      convert: (v) => {
        const n = BigInt(v as string | number);
        if (n < INT64_MIN || n > INT64_MAX)
          throw new RangeError(`Column ${name} (${duckType}): ${n} does not fit Arrow Int64`);
        return n;
      },
    };
  }
  throw new TypeError(
    `Column ${name} has DuckDB type ${duckType}, which has no Arrow mapping here: cast it in the query`,
  );
}

/**
 * Days since 1970-01-01 of a DuckDB DATE as the Json getters print it ('2025-06-30',
 * '0044-03-15 (BC)'; the infinities print as the extreme int32 days). Proleptic
 * Gregorian (days_from_civil, H. Hinnant), exact far beyond the range of JS Date.
 */
function epochDays(text: string): number {
  const m = /^(\d+)-(\d\d)-(\d\d)( \(BC\))?$/.exec(text);
  if (!m) throw new TypeError(`Unexpected DATE value from DuckDB: ${text}`);
  const month = Number(m[2]);
  const y = (m[4] ? 1 - Number(m[1]) : Number(m[1])) - (month <= 2 ? 1 : 0);
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + Number(m[3]) - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

/**
 * Writes the rows of a query (a SELECT without parameters) as an Arrow IPC file
 * (the random-access "Feather v2" format), for tools that read Arrow, beside the
 * CSV and Parquet files of the ORIM tables. Types follow the DuckDB column types,
 * not the JS values: VARCHAR as Utf8, every integer type as Int64 (exact, from the
 * strings the Database wrapper returns for BIGINT), DATE as DateDay, BOOLEAN as
 * Bool, DOUBLE as Float64, FLOAT as Float32; other types are an error (cast them in
 * the query). NULLs stay null. Written to a temporary name beside the target and
 * renamed into place, like copyToFile. Returns the row count.
 */
export async function writeArrowIpc(db: Database, sql: string, file: string): Promise<number> {
  const query = sql.trim().replace(/;+$/, '');
  const described = await db.all<{ column_name: string; column_type: string }>(`DESCRIBE (\n${query}\n)`);
  const names = described.map((c) => c.column_name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined) throw new TypeError(`The query returns the column ${duplicate} more than once`);
  const arrow = await import('apache-arrow');
  const { Field, RecordBatch, Schema, Struct, Table, makeBuilder, makeData, tableToIPC } = arrow;
  const columns = described.map((c) => ({ name: c.column_name, ...arrowColumn(arrow, c.column_name, c.column_type) }));
  const rows = await db.all(query);

  const children = columns.map(({ name, type, convert }) => {
    const builder = makeBuilder({ type, nullValues: [null] });
    for (const row of rows) {
      const value = row[name];
      builder.append(value === null || value === undefined ? null : convert(value));
    }
    return builder.finish().flush();
  });
  const schema = new Schema(columns.map((c) => new Field(c.name, c.type, true)));
  const batch = new RecordBatch(
    schema,
    makeData({ type: new Struct(schema.fields), length: rows.length, nullCount: 0, children }),
  );

  await writeFileAtomically(path.resolve(file), tableToIPC(new Table(batch), 'file'));
  return rows.length;
}
