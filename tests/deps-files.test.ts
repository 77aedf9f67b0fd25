import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCo } from '../src/generate/generateCo.js';
import { type OutputWrites, outputWrites } from '../src/output/outputWrites.js';
import { runCli, TEST_KEY } from './helpers.js';

/**
 * The writes a user sees go through deps.files: a test that replaces them sees every
 * output folder, query file and snapshot a command writes, with where and how.
 */
const env = { CO_PSEUDONYM_KEY: TEST_KEY };

function watchedWrites() {
  const seen: string[] = [];
  const files: OutputWrites = {
    folder: (target, o, write) => {
      seen.push(`folder ${path.basename(target)} ${o.kind}`);
      return outputWrites.folder(target, o, write);
    },
    query: (db, sql, params, out, o) => {
      seen.push(`query ${path.basename(out)} ${o?.format ?? 'csv'}${o?.ownerOnly ? ' owner-only' : ''}`);
      return outputWrites.query(db, sql, params, out, o);
    },
    snapshot: (db, target, logger) => {
      seen.push(`snapshot ${path.basename(target)}`);
      return outputWrites.snapshot(db, target, logger);
    },
  };
  return { seen, files };
}

describe('deps.files: the writes a user sees', () => {
  let dir: string;
  let db: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'co-test-deps-files-'));
    db = path.join(dir, 'co.duckdb');
    const { files } = generateCo({
      workers: 120,
      from: '2025-01',
      to: '2025-06',
      seed: 'files',
      out: path.join(dir, 'gen'),
      identifiers: 'cf',
    });
    expect((await runCli(['--db', db, '--no-snapshot', 'ingest', 'co', ...files], env)).code).toBe(0);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('build publishes the snapshot, flags and rejects write owner-only files, report and crisis-basins folders', async () => {
    const { seen, files } = watchedWrites();
    const run = (args: string[]) => runCli(['--db', db, ...args], env, { files });
    expect((await run(['build'])).code).toBe(0);
    expect((await run(['--no-snapshot', 'flags', '--out', path.join(dir, 'flags.parquet')])).code).toBe(0);
    expect((await run(['--no-snapshot', 'rejects', '--out', path.join(dir, 'rejects.csv')])).code).toBe(0);
    const report = ['report', 'semiannual', '--semester', '2025-H1', '--allow-partial', '--out', path.join(dir, 'r')];
    expect((await run(['--no-snapshot', ...report])).code).toBe(0);
    expect((await run(['--no-snapshot', 'crisis-basins', '--out', path.join(dir, 'b')])).code).toBe(0);
    expect(seen).toEqual([
      'snapshot co.snapshot.duckdb',
      'query flags.parquet parquet owner-only',
      'query rejects.csv csv owner-only',
      'folder r semiannual-report',
      'folder b crisis-basins',
    ]);
  }, 180_000);
});
