import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Type, tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/openDatabase.js';
import { writeArrowIpc } from '../src/output/writeArrowIpc.js';
import { tempDir } from './helpers.js';

async function withDb<T>(fn: (db: Awaited<ReturnType<typeof openDatabase>>, dir: string) => Promise<T>): Promise<T> {
  const dir = tempDir();
  const db = await openDatabase(path.join(dir, 'co.duckdb'));
  try {
    return await fn(db, dir);
  } finally {
    db.close();
  }
}

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

describe('writeArrowIpc', () => {
  it('writes an Arrow IPC file with the DuckDB column types, exact BIGINTs and nulls', async () => {
    await withDb(async (db, dir) => {
      const file = path.join(dir, 'out', 't.arrow');
      const n = await writeArrowIpc(
        db,
        `SELECT * FROM (VALUES
          ('MI', 12::BIGINT, DATE '2025-06-30', true, 1.5::DOUBLE, 7::INTEGER, 3::HUGEINT),
          ('BG', NULL, NULL, false, NULL, NULL, NULL),
          ('CO', 9007199254740993::BIGINT, DATE '1960-02-29', NULL, -0.25::DOUBLE, (-2147483648)::INTEGER, 9223372036854775807::HUGEINT)
        ) t(provincia, n, data, soppressa, x, i, h) ORDER BY provincia DESC;`,
        file,
      );
      expect(n).toBe(3);

      const bytes = readFileSync(file);
      expect(bytes.subarray(0, 6).toString('latin1')).toBe('ARROW1'); // the file format, not the stream format
      const table = tableFromIPC(bytes);
      expect(table.numRows).toBe(3);
      expect(table.schema.fields.map((f) => f.name)).toEqual(['provincia', 'n', 'data', 'soppressa', 'x', 'i', 'h']);
      expect(table.schema.fields.map((f) => f.type.typeId)).toEqual([
        Type.Utf8,
        Type.Int,
        Type.Date,
        Type.Bool,
        Type.Float,
        Type.Int,
        Type.Int,
      ]);
      expect(table.schema.fields.map((f) => String(f.type))).toEqual([
        'Utf8',
        'Int64',
        'Date32<DAY>',
        'Bool',
        'Float64',
        'Int64',
        'Int64',
      ]);

      const col = (name: string) => table.getChild(name)!.toArray() as unknown;
      const values = (name: string) => [...(table.getChild(name) as Iterable<unknown>)];
      expect(values('provincia')).toEqual(['MI', 'CO', 'BG']);
      expect(values('n')).toEqual([12n, 9007199254740993n, null]);
      expect(values('data')).toEqual([day('2025-06-30'), day('1960-02-29'), null]);
      expect(values('soppressa')).toEqual([true, null, false]);
      expect(values('x')).toEqual([1.5, -0.25, null]);
      expect(values('i')).toEqual([7n, -2147483648n, null]);
      expect(values('h')).toEqual([3n, 9223372036854775807n, null]);
      expect(table.getChild('n')!.nullCount).toBe(1);
      expect(col('n')).toBeInstanceOf(BigInt64Array);

      expect(readdirSync(path.dirname(file))).toEqual(['t.arrow']);
      expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
    });
  });

  it('writes dates as the days DuckDB counts, BC and infinite ones included', async () => {
    await withDb(async (db, dir) => {
      const file = path.join(dir, 'd.arrow');
      const dates = [
        '2025-06-30',
        '1970-01-01',
        '1969-12-31',
        '0001-01-01',
        '0044-03-15 (BC)',
        '2000-02-29',
        'infinity',
        '-infinity',
      ];
      const sql = `SELECT d FROM (VALUES ${dates.map((d, i) => `(${i}, DATE '${d}')`).join(', ')}) t(i, d) ORDER BY i`;
      await writeArrowIpc(db, sql, file);
      const expected = await db.all<{ days: string }>(`SELECT (d - DATE '1970-01-01')::BIGINT AS days FROM (${sql})`);
      const written = tableFromIPC(readFileSync(file)).getChild('d')!;
      expect(written.data[0]!.values).toEqual(Int32Array.from(expected.map((r) => Number(r.days))));
    });
  });

  it('keeps the schema of an empty result, and refuses types it does not map without leaving a file', async () => {
    await withDb(async (db, dir) => {
      const empty = path.join(dir, 'empty.arrow');
      expect(await writeArrowIpc(db, "SELECT 'a' AS s, 1::BIGINT AS n WHERE false", empty)).toBe(0);
      const table = tableFromIPC(readFileSync(empty));
      expect(table.numRows).toBe(0);
      expect(table.schema.fields.map((f) => `${f.name}:${String(f.type)}`)).toEqual(['s:Utf8', 'n:Int64']);

      const bad = path.join(dir, 'bad.arrow');
      await expect(writeArrowIpc(db, 'SELECT 1.25::DECIMAL(10,2) AS d', bad)).rejects.toThrow(/DECIMAL\(10,2\)/);
      await expect(
        writeArrowIpc(db, 'SELECT 170141183460469231731687303715884105727::HUGEINT AS h', bad),
      ).rejects.toThrow(RangeError);
      expect(existsSync(bad)).toBe(false);
      expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
    });
  });
});
