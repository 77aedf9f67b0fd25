import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { tableFromIPC } from 'apache-arrow';
import datapackage from 'datapackage';
import path from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { openPipelineDb } from '../src/commands/support/openPipelineDb.js';
import { generateCo } from '../src/generate/generateCo.js';
import { orimTableNames, parseSemester } from '../src/marts/orimTables.js';
import { writeOrimTables } from '../src/output/writeOrimTables.js';
import { ingest, query, runCli, tempDir } from './helpers.js';

const logger = pino({ level: 'silent' });

async function generatedDb(dir = tempDir()) {
  const { files, contextFiles } = generateCo({
    workers: 3000,
    from: '2024-07',
    to: '2025-06',
    seed: 'orim',
    out: path.join(dir, 'in'),
    identifiers: 'id',
  });
  const db = path.join(dir, 'co.duckdb');
  await ingest(db, files, [], {});
  await runCli(['--db', db, 'ingest', 'inps', contextFiles[0]!], {});
  await runCli(['--db', db, 'ingest', 'istat', contextFiles[1]!], {});
  // exact measures (hours, planned hires) in their tables: the fixtures of those sources
  await runCli(['--db', db, 'ingest', 'inps', 'fixtures/inps/cig_ore_autorizzate_provincia_2025.csv'], {});
  await runCli(['--db', db, 'ingest', 'excelsior', 'fixtures/excelsior/excelsior_entrate_2025.csv'], {});
  // ISTAT's permits and labour-force rates (the latest years up to 2025: 2024 and 2023)
  await runCli(
    [
      '--db',
      db,
      'ingest',
      'istat',
      'fixtures/istat/permessi_soggiorno_lombardia_2023_2024.csv',
      'fixtures/istat/tasso_occupazione_lombardia_2022_2023.csv',
    ],
    {},
  );
  return { dir, db };
}

interface Resource {
  name: string;
  path: string;
  schema: { fields: { name: string; type: string; description: string }[]; primaryKey: string[] };
}
/** Integer columns that are not counts of people or events. */
const notCounts = new Set([
  'saldo',
  'ore_autorizzate',
  'entrate_previste',
  'entrate_immigrati',
  'entrate_difficile_reperimento',
  'permessi',
]);

/** One package written from generated data, shared by the tests that only read it. */
let shared: Promise<{ out: string }> | undefined;
function writtenPackage() {
  shared ??= (async () => {
    // its own directory: the helpers remove theirs after each test
    const { dir, db: dbPath } = await generatedDb(mkdtempSync(path.join(tmpdir(), 'co-test-orim-')));
    const out = path.join(dir, 'tables');
    const db = await openPipelineDb(dbPath);
    try {
      await writeOrimTables(db, parseSemester('2025-H1'), out, 5, logger);
    } finally {
      db.close();
    }
    return { out };
  })();
  return shared;
}

afterAll(async () => {
  if (shared) rmSync(path.dirname((await shared).out), { recursive: true, force: true });
});

describe('ORIM table files', () => {
  it('writes every table as CSV and Parquet matching datapackage.json, with no small count published', async () => {
    const { dir, db: dbPath } = await generatedDb();
    const out = path.join(dir, 'tables');
    const db = await openPipelineDb(dbPath);
    let written: Awaited<ReturnType<typeof writeOrimTables>>;
    try {
      written = await writeOrimTables(db, parseSemester('2025-H1'), out, 5, logger);
    } finally {
      db.close();
    }
    const pkg = JSON.parse(readFileSync(path.join(out, 'datapackage.json'), 'utf8'));
    expect(pkg).toMatchObject({
      profile: 'tabular-data-package',
      version: '2',
      'x-schema-version': '2',
      'x-min-cell': 5,
    });
    expect(pkg.resources.map((r: { name: string }) => r.name)).toEqual([...orimTableNames]);
    expect(orimTableNames).not.toContain('co_flussi'); // schema 1 files are no longer written
    expect(existsSync(path.join(out, 'co_flussi.csv'))).toBe(false);
    for (const resource of pkg.resources as Resource[]) {
      const csv = path.join(out, resource.path);
      const parquet = path.join(out, `${resource.name}.parquet`);
      expect(existsSync(csv) && existsSync(parquet), resource.name).toBe(true);
      const names = resource.schema.fields.map((f) => f.name);
      expect(readFileSync(csv, 'utf8').split('\n')[0]!.split(','), resource.name).toEqual(names);
      const parquetColumns = await query<{ column_name: string }>(
        dbPath,
        `DESCRIBE SELECT * FROM read_parquet('${parquet.replaceAll("'", "''")}')`,
      );
      expect(
        parquetColumns.map((c) => c.column_name),
        resource.name,
      ).toEqual(names);
      const keys = resource.schema.primaryKey.map((k) => `"${k}"`).join(', ');
      const [dups] = await query<{ n: number }>(
        dbPath,
        `SELECT count(*)::INTEGER AS n FROM (SELECT ${keys} FROM read_parquet('${parquet.replaceAll("'", "''")}') GROUP BY ALL HAVING count(*) > 1)`,
      );
      expect(dups!.n, `${resource.name} primary key`).toBe(0);
      const counts = resource.schema.fields
        .filter((f) => f.type === 'integer' && !notCounts.has(f.name))
        .map((f) => `"${f.name}"`);
      if (counts.length) {
        const [small] = await query<{ n: number }>(
          dbPath,
          `SELECT count(*)::INTEGER AS n FROM read_parquet('${parquet.replaceAll("'", "''")}')
          WHERE ${counts.map((c) => `(${c} BETWEEN 1 AND 4)`).join(' OR ')}`,
        );
        expect(small!.n, `${resource.name} small counts`).toBe(0);
      }
    }
    expect(written.tables.find((t) => t.name === 'co_flussi_contratto')!.suppressed).toBeGreaterThan(0);
    // hours and planned hires are not counts of our records: published as computed, small ones too
    const hours = await query<{ ore_autorizzate: string; soppressa: boolean }>(
      dbPath,
      `SELECT * FROM read_parquet('${path.join(out, 'inps_ore_cig.parquet')}')`,
    );
    expect(hours.length).toBeGreaterThan(0);
    expect(hours.every((r) => r.ore_autorizzate !== null && r.soppressa === false)).toBe(true);
    // so are ISTAT's permits and rates: 11 provinces x 2 permit types on 1 January 2024 (Milano with
    // Monza, ISTAT's 2009 list); employment rates of 2023 for 12 provinces and Lombardy (TOTALE)
    // x 3 citizenship groups, and Lombardy's by sex too: 13 x 3 + 2 x 3 = 45 rows
    const istat = await query<{ tabella: string; righe: number; date: string; soppresse: number }>(
      dbPath,
      `SELECT 'permessi' AS tabella, count(*)::INTEGER AS righe, string_agg(DISTINCT data::VARCHAR) AS date,
              count(*) FILTER (WHERE soppressa OR permessi IS NULL)::INTEGER AS soppresse
       FROM read_parquet('${path.join(out, 'istat_permessi.parquet')}')
       UNION ALL
       SELECT 'tassi', count(*)::INTEGER, string_agg(DISTINCT periodo), count(*) FILTER (WHERE soppressa OR tasso IS NULL)::INTEGER
       FROM read_parquet('${path.join(out, 'istat_forze_lavoro.parquet')}')
       ORDER BY 1`,
    );
    expect(istat).toEqual([
      { tabella: 'permessi', righe: 22, date: '2024-01-01', soppresse: 0 },
      { tabella: 'tassi', righe: 45, date: '2023', soppresse: 0 },
    ]);
  }, 180_000);

  it('is a data package Frictionless accepts: tabular resources, Italian descriptions, rows valid with their schema and keys', async () => {
    const { out } = await writtenPackage();
    const pkg = await datapackage.Package.load(path.join(out, 'datapackage.json'), { basePath: out });
    expect(pkg.errors.map((e) => e.message)).toEqual([]);
    expect(pkg.valid).toBe(true);
    expect(pkg.resources.length).toBe(orimTableNames.length);
    for (const resource of pkg.resources) {
      expect(resource.tabular, resource.name).toBe(true);
      const schema = resource.descriptor.schema as Resource['schema'];
      expect(resource.descriptor.profile, resource.name).toBe('tabular-data-resource');
      for (const field of schema.fields)
        expect(field.description, `${resource.name}.${field.name}`).toMatch(/^[A-ZÀ-Ü].{10,}\.$/);
      // the Table Schema reader casts every value to its field's type and checks the primary key
      const rows = await resource.read({ keyed: true, cast: true });
      const [parquet] = await query<{ n: number }>(
        ':memory:',
        `SELECT count(*)::INTEGER AS n FROM read_parquet('${path.join(out, `${resource.name}.parquet`)}')`,
      );
      expect(rows.length, resource.name).toBe(parquet!.n);
    }
    // and it refuses what breaks a primary key: the same row twice
    const broken = `${out}-broken`;
    cpSync(out, broken, { recursive: true });
    const lines = readFileSync(path.join(broken, 'co_flussi_contratto.csv'), 'utf8').trim().split('\n');
    writeFileSync(path.join(broken, 'co_flussi_contratto.csv'), `${[...lines, lines[1]].join('\n')}\n`);
    const again = await datapackage.Package.load(path.join(broken, 'datapackage.json'), { basePath: broken });
    const resource = again.resources.find((r) => r.name === 'co_flussi_contratto')!;
    await expect(resource.read({ cast: true })).rejects.toThrow(/unique constraint/);
  }, 180_000);

  it('holds the same rows with the same types in CSV, Parquet and Arrow', async () => {
    const { out } = await writtenPackage();
    const duck: Record<string, string> = {
      integer: 'BIGINT',
      number: 'DOUBLE',
      string: 'VARCHAR',
      date: 'DATE',
      boolean: 'BOOLEAN',
    };
    const arrowType: Record<string, string> = {
      integer: 'Int64',
      number: 'Float64',
      string: 'Utf8',
      date: 'Date32<DAY>',
      boolean: 'Bool',
    };
    const pkg = JSON.parse(readFileSync(path.join(out, 'datapackage.json'), 'utf8'));
    for (const resource of pkg.resources as Resource[]) {
      const file = (ext: string) => path.join(out, `${resource.name}.${ext}`).replaceAll("'", "''");
      const parquetTypes = await query<{ column_name: string; column_type: string }>(
        ':memory:',
        `DESCRIBE SELECT * FROM read_parquet('${file('parquet')}')`,
      );
      expect(
        parquetTypes.map((c) => `${c.column_name}:${c.column_type}`),
        resource.name,
      ).toEqual(resource.schema.fields.map((f) => `${f.name}:${duck[f.type]}`));
      const arrow = tableFromIPC(readFileSync(path.join(out, `${resource.name}.arrow`)));
      expect(
        arrow.schema.fields.map((f) => `${f.name}:${String(f.type)}`),
        resource.name,
      ).toEqual(resource.schema.fields.map((f) => `${f.name}:${arrowType[f.type]}`));
      // the CSV read with the descriptor's types: an empty field is NULL, as in Parquet
      const columns = `{${resource.schema.fields.map((f) => `'${f.name}': '${duck[f.type]}'`).join(', ')}}`;
      const csv = `SELECT * FROM read_csv('${file('csv')}', header = true, auto_detect = false, columns = ${columns})`;
      const parquet = `SELECT * FROM read_parquet('${file('parquet')}')`;
      const [diff] = await query<{ csv_only: number; parquet_only: number; rows: number }>(
        ':memory:',
        `SELECT
        (SELECT count(*) FROM (${csv} EXCEPT ALL ${parquet}))::INTEGER AS csv_only,
        (SELECT count(*) FROM (${parquet} EXCEPT ALL ${csv}))::INTEGER AS parquet_only,
        (SELECT count(*) FROM (${parquet}))::INTEGER AS rows`,
      );
      expect(diff, resource.name).toMatchObject({ csv_only: 0, parquet_only: 0 });
      expect(diff!.rows, resource.name).toBe(arrow.numRows);
      // no empty text anywhere (it would be NULL in the CSV and '' in Parquet)
      const texts = resource.schema.fields.filter((f) => f.type === 'string').map((f) => `"${f.name}" = ''`);
      if (texts.length) {
        const [empty] = await query<{ n: number }>(
          ':memory:',
          `SELECT count(*)::INTEGER AS n FROM (${parquet}) WHERE ${texts.join(' OR ')}`,
        );
        expect(empty!.n, resource.name).toBe(0);
      }
    }
  });

  it('has every table and field of the package in the schema-2 contract, docs/orim-schema-2.md', async () => {
    const { out } = await writtenPackage();
    const doc = readFileSync('docs/orim-schema-2.md', 'utf8');
    const pkg = JSON.parse(readFileSync(path.join(out, 'datapackage.json'), 'utf8'));
    for (const resource of pkg.resources as Resource[]) {
      const section = doc.split(/^### /m).find((s) => s.startsWith(`\`${resource.name}\``));
      expect(section, resource.name).toBeDefined();
      expect(section, resource.name).toContain(
        `primary key: ${resource.schema.primaryKey.map((k) => `\`${k}\``).join(', ')}`,
      );
      for (const field of resource.schema.fields)
        expect(section, `${resource.name}.${field.name}`).toContain(
          `| \`${field.name}\` | ${field.type} | ${field.description} |`,
        );
    }
  });

  it("a province edition publishes the region's decision for its rows: the editions together show nothing the region's does not", async () => {
    const { dir, db: dbPath } = await generatedDb();
    const db = await openPipelineDb(dbPath);
    try {
      const h1 = parseSemester('2025-H1');
      await writeOrimTables(db, h1, path.join(dir, 'region'), 5, logger);
      await writeOrimTables(db, h1, path.join(dir, 'MI'), 5, logger, 'MI');
      for (const name of ['co_flussi_contratto', 'co_cittadinanze', 'co_stock_settore']) {
        const region = readFileSync(path.join(dir, 'region', `${name}.csv`), 'utf8')
          .trim()
          .split('\n');
        const milano = readFileSync(path.join(dir, 'MI', `${name}.csv`), 'utf8')
          .trim()
          .split('\n');
        expect(milano[0], name).toBe(region[0]);
        const column = region[0]!.split(',').indexOf('provincia');
        expect(milano.length, name).toBeGreaterThan(1);
        // each Milano row is the region's row as it is (same figures shown, same withheld)
        expect(milano.slice(1), name).toEqual(region.slice(1).filter((line) => line.split(',')[column] === 'MI'));
      }
    } finally {
      db.close();
    }
  }, 360_000);
});
