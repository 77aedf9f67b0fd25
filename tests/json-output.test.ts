import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { version } from '../src/runtime/version.js';
import { runCli, TEST_KEY } from './helpers.js';

const env = { CO_PSEUDONYM_KEY: TEST_KEY };
let dir: string;
let db: string;
let gen: string;

/** The command's stdout is one JSON object (one line) with the fields every command has. */
function parsed(stdout: string, command: string, code: number): Record<string, any> {
  const lines = stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  const result = JSON.parse(lines[0]!) as Record<string, any>;
  expect(result).toMatchObject({ ok: code === 0, command, exit_code: code });
  return result;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'co-test-json-'));
  db = path.join(dir, 'co.duckdb');
  gen = path.join(dir, 'gen');
  const generated = await runCli(
    ['--json', 'generate', '--workers', '120', '--from', '2025-01', '--to', '2025-06', '--out', gen],
    env,
  );
  expect(generated.code).toBe(0);
  expect(parsed(generated.stdout, 'generate', 0)).toMatchObject({
    out: gen,
    files: expect.any(Array),
    rows: expect.any(Number),
  });
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--json: one object per command, numbers as numbers, failures included', () => {
  it('--version prints the package version', async () => {
    const run = await runCli(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(version);
  });

  it('every command, on success', async () => {
    const files = readdirSync(gen)
      .filter((f) => f.startsWith('co_'))
      .map((f) => path.join(gen, f));
    const ingest = parsed((await runCli(['--db', db, '--json', 'ingest', 'co', ...files], env)).stdout, 'ingest co', 0);
    expect(ingest.files).toHaveLength(6);
    expect(typeof ingest.files[0].rows_loaded).toBe('number');

    const status = parsed((await runCli(['--db', db, 'status', '--json'], env)).stdout, 'status', 0);
    expect(typeof status.totals.comunicazioni).toBe('number');
    expect(status.batches[0].started_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);

    const first = parsed((await runCli(['--db', db, '--no-snapshot', '--json', 'build'], env)).stdout, 'build', 0);
    const again = parsed((await runCli(['--db', db, '--no-snapshot', '--json', 'build'], env)).stdout, 'build', 0);
    // the same shape whether it built or not
    expect(first.built).toBe(true);
    expect(again.built).toBe(false);
    expect(Object.keys(again.models)).toEqual(Object.keys(first.models));
    expect(again.models).toEqual(first.models);
    expect(typeof first.models.rapporti).toBe('number');

    const flags = parsed(
      (await runCli(['--db', db, '--json', 'flags', '--out', path.join(dir, 'f.csv')], env)).stdout,
      'flags',
      0,
    );
    expect(flags).toMatchObject({ format: 'csv', rows: expect.any(Number) });
    const basins = parsed(
      (await runCli(['--db', db, '--json', 'crisis-basins', '--out', path.join(dir, 'b')], env)).stdout,
      'crisis-basins',
      0,
    );
    expect(basins).toMatchObject({ basins: expect.any(Number), suppressed: expect.any(Number) });
    const report = parsed(
      (
        await runCli(
          ['--db', db, '--json', 'report', 'semiannual', '--semester', '2025-H1', '--out', path.join(dir, 'r')],
          env,
        )
      ).stdout,
      'report semiannual',
      0,
    );
    expect(report).toMatchObject({ semestre: '2025-H1', tables: expect.any(Number) });
    parsed(
      (await runCli(['--db', db, '--json', 'rejects', '--out', path.join(dir, 'rejects.csv')], env)).stdout,
      'rejects',
      0,
    );
    const run = parsed(
      (
        await runCli(
          ['--db', db, '--no-snapshot', '--json', 'run', '--inbox', gen, '--out', path.join(dir, 'out')],
          env,
        )
      ).stdout,
      'run',
      0,
    );
    // the INPS and ISTAT extracts of gen load; nothing is new for the CO
    expect(run.files.length).toBeGreaterThan(0);
  }, 180_000);

  it('every command, on failure: ok false, the exit code and the message', async () => {
    const cases: [string[], string, number][] = [
      [['ingest', 'co', path.join(dir, 'missing.csv')], 'ingest co', 2],
      [['--db', path.join(dir, 'none.duckdb'), 'status'], 'status', 2],
      [['--db', path.join(dir, 'none.duckdb'), 'build'], 'build', 2],
      [['flags', '--horizon-days', 'abc', '--out', path.join(dir, 'g.csv')], 'flags', 2],
      [['crisis-basins', '--out', dir], 'crisis-basins', 2],
      [['report', 'semiannual', '--semester', '2030-H1', '--out', path.join(dir, 'r2')], 'report semiannual', 1],
      [['report', 'annual', '--year', '2030', '--out', path.join(dir, 'r3')], 'report annual', 1],
      [['rejects', '--out', path.join(dir, 'r.parquet')], 'rejects', 2],
      [
        ['generate', '--workers', 'many', '--from', '2025-01', '--to', '2025-02', '--out', path.join(dir, 'g')],
        'generate',
        2,
      ],
      [['run', '--inbox', path.join(dir, 'nowhere'), '--out', path.join(dir, 'o')], 'run', 2],
      [['flags', '--no-such-option'], 'flags', 2],
    ];
    for (const [args, command, code] of cases) {
      const run = await runCli(['--db', db, '--json', ...args], env);
      expect(run.code, `${command}: ${run.stderr}`).toBe(code);
      const result = parsed(run.stdout, command, code);
      expect(typeof result.error).toBe('string');
      expect(result.error).not.toMatch(/a bug|Invalid input|EISDIR|ENOTDIR/);
    }
  }, 120_000);
});
