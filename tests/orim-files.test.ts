import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { openPipelineDb } from '../src/commands/openPipelineDb.js';
import { generateCo } from '../src/generate/generateCo.js';
import { orimTable, orimTableNames, parseSemester } from '../src/reports/orimTables.js';
import { writeOrimTables } from '../src/reports/writeOrimTables.js';
import { recoverable } from './disclosureAttack.js';
import { ingest, query, runCli, tempDir } from './helpers.js';

const logger = pino({ level: 'silent' });

async function generatedDb() {
  const dir = tempDir();
  const { files, contextFiles } = generateCo({ workers: 3000, from: '2024-07', to: '2025-06', seed: 'orim', out: path.join(dir, 'in'), identifiers: 'id' });
  const db = path.join(dir, 'co.duckdb');
  await ingest(db, files, [], {});
  await runCli(['--db', db, 'ingest', 'inps', contextFiles[0]!], {});
  await runCli(['--db', db, 'ingest', 'istat', contextFiles[1]!], {});
  return { dir, db };
}

describe('ORIM table files', () => {
  it('writes every table as CSV and Parquet matching datapackage.json, with no small count published', async () => {
    const { dir, db: dbPath } = await generatedDb();
    const out = path.join(dir, 'tables');
    const db = await openPipelineDb(dbPath);
    let written;
    try {
      written = await writeOrimTables(db, parseSemester('2025-H1'), out, 5, logger);
    } finally {
      db.close();
    }
    const pkg = JSON.parse(readFileSync(path.join(out, 'datapackage.json'), 'utf8'));
    expect(pkg).toMatchObject({ profile: 'tabular-data-package', version: '1', 'x-schema-version': '1', 'x-min-cell': 5 });
    expect(pkg.resources.map((r: { name: string }) => r.name)).toEqual([...orimTableNames]);
    for (const resource of pkg.resources as { name: string; path: string; schema: { fields: { name: string; type: string }[]; primaryKey: string[] } }[]) {
      const csv = path.join(out, resource.path);
      const parquet = path.join(out, `${resource.name}.parquet`);
      expect(existsSync(csv) && existsSync(parquet), resource.name).toBe(true);
      const names = resource.schema.fields.map((f) => f.name);
      expect(readFileSync(csv, 'utf8').split('\n')[0]!.split(','), resource.name).toEqual(names);
      const parquetColumns = await query<{ column_name: string }>(dbPath, `DESCRIBE SELECT * FROM read_parquet('${parquet.replaceAll("'", "''")}')`);
      expect(parquetColumns.map((c) => c.column_name), resource.name).toEqual(names);
      const keys = resource.schema.primaryKey.map((k) => `"${k}"`).join(', ');
      const [dups] = await query<{ n: number }>(dbPath, `SELECT count(*)::INTEGER AS n FROM (SELECT ${keys} FROM read_parquet('${parquet.replaceAll("'", "''")}') GROUP BY ALL HAVING count(*) > 1)`);
      expect(dups!.n, `${resource.name} primary key`).toBe(0);
      const counts = resource.schema.fields.filter((f) => f.type === 'integer' && f.name !== 'saldo').map((f) => `"${f.name}"`);
      if (counts.length) {
        const [small] = await query<{ n: number }>(dbPath, `SELECT count(*)::INTEGER AS n FROM read_parquet('${parquet.replaceAll("'", "''")}')
          WHERE ${counts.map((c) => `(${c} BETWEEN 1 AND 4)`).join(' OR ')}`);
        expect(small!.n, `${resource.name} small counts`).toBe(0);
      }
    }
    expect(written.find((t) => t.name === 'co_flussi')!.suppressed).toBeGreaterThan(0);
  });

  it('leaves no suppressed row of co_cittadinanze recoverable from the published rows and line totals', async () => {
    const { dir, db: dbPath } = await generatedDb();
    const db = await openPipelineDb(dbPath);
    try {
      const h1 = parseSemester('2025-H1');
      const written = await writeOrimTables(db, h1, path.join(dir, 'tables'), 5, logger);
      const truth = await orimTable(db, 'co_cittadinanze', h1, logger);
      const published = await query<Record<string, unknown>>(dbPath, `SELECT * FROM read_parquet('${path.join(dir, 'tables', 'co_cittadinanze.parquet').replaceAll("'", "''")}')`);
      const hiddenKeys = new Set(published.filter((r) => r.soppressa).map((r) => `${r.provincia}|${r.cittadinanza}`));
      expect(hiddenKeys.size).toBeGreaterThan(0);
      const cells = truth.map((r) => ({ key: [String(r.provincia), String(r.cittadinanza)], value: Number(r.attivazioni) }));
      const suppressed = cells.map((c) => hiddenKeys.has(c.key.join('|')));
      // The lines are provinces x citizenships; totals the writer withheld are not published.
      const withheld = new Set(written.find((t) => t.name === 'co_cittadinanze')!.protectedTotals.map((label) => {
        const parts = label.split(', ').map((p) => p.split('=')[1]);
        return `${parts.indexOf('*')}:${parts.join('|')}`;
      }));
      expect(written.find((t) => t.name === 'co_cittadinanze')!.protectedTotals.every((l) => l.split(', ').length === 2)).toBe(true);
      expect(recoverable(cells, suppressed, 2, withheld)).toEqual([]);
    } finally {
      db.close();
    }
  });
});
