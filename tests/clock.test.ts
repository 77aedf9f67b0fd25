import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCo } from '../src/generate/generateCo.js';
import { OUTPUT_MARKER } from '../src/output/outputFolder.js';
import { coCsv, coRow, query, runCli, TEST_KEY, tempDir, writeFile } from './helpers.js';

/**
 * The commands read the time from their clock (deps.now) alone: pinned, it is the time
 * every batch and every output folder records and the day the outputs print, whatever
 * the machine's clock says.
 */
const env = { CO_PSEUDONYM_KEY: TEST_KEY };
const pinned = new Date('2031-02-03T04:05:06Z');
const now = () => pinned;
const writtenAt = (dir: string) =>
  (JSON.parse(readFileSync(path.join(dir, OUTPUT_MARKER), 'utf8')) as { written_at: string }).written_at;

describe("ingest: a batch's times are the command's clock", () => {
  it('records the pinned time as the start and end of a loaded and of a failed batch, and status prints it', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'co.duckdb');
    const good = writeFile(dir, 'a.csv', coCsv([coRow()]));
    const bad = writeFile(dir, 'b.csv', 'not;a;header\n1;2;3\n');
    const run = await runCli(['--db', db, 'ingest', 'co', good, bad], env, { now });
    expect(run.code).toBe(1); // b.csv is no CO extract
    const status = await runCli(['--db', db, 'status', '--json'], env);
    const batches = (
      JSON.parse(status.stdout) as { batches: { file_name: string; status: string; started_at: string }[] }
    ).batches;
    expect(batches.map((b) => [b.file_name, b.status, b.started_at])).toEqual([
      ['a.csv', 'loaded', '2031-02-03T04:05:06Z'],
      ['b.csv', 'failed', '2031-02-03T04:05:06Z'],
    ]);
    expect(
      await query(db, "SELECT strftime(finished_at, '%Y-%m-%dT%H:%M:%S') AS f FROM batches ORDER BY batch_id"),
    ).toEqual([{ f: '2031-02-03T04:05:06' }, { f: '2031-02-03T04:05:06' }]);
  });
});

describe("output folders: the marker's time and the printed day are the command's clock", () => {
  let dir: string;
  let db: string;
  beforeAll(async () => {
    // one folder for the whole block (tempDir is removed after each test)
    dir = mkdtempSync(path.join(tmpdir(), 'co-test-clock-'));
    db = path.join(dir, 'co.duckdb');
    const { files } = generateCo({
      workers: 150,
      from: '2025-01',
      to: '2025-06',
      seed: 'clock',
      out: path.join(dir, 'gen'),
      identifiers: 'cf',
    });
    expect((await runCli(['--db', db, 'ingest', 'co', ...files], env)).code).toBe(0);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('crisis-basins: written_at is the pinned time, and the summary is dated its day', async () => {
    const out = path.join(dir, 'basins');
    const run = await runCli(['--db', db, 'crisis-basins', '--as-of', '2025-06-30', '--out', out], env, { now });
    expect(run.code, run.stderr).toBe(0);
    expect(writtenAt(out)).toBe('2031-02-03T04:05:06.000Z');
    expect(readFileSync(path.join(out, 'riepilogo.md'), 'utf8')).toContain('Generato il 2031-02-03.');
  });

  it('report semiannual: written_at is the pinned time, and without --date the report is dated its day', async () => {
    const out = path.join(dir, 'report');
    const run = await runCli(
      ['--db', db, 'report', 'semiannual', '--semester', '2025-H1', '--allow-partial', '--out', out],
      env,
      { now },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(writtenAt(out)).toBe('2031-02-03T04:05:06.000Z');
    expect(readFileSync(path.join(out, 'report.md'), 'utf8')).toContain('Rapporto generato il 2031-02-03.');
  });
});
