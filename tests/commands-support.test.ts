import path from 'node:path';
import { outputWrites } from '../src/output/outputWrites.js';
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Database } from '../src/db/Database.js';
import type { Deps } from '../src/commands/support/context.js';
import { withDb } from '../src/commands/support/withDb.js';
import { coCsv, coRow, runCli, TEST_KEY, tempDir, writeFile } from './helpers.js';

const env = { CO_PSEUDONYM_KEY: TEST_KEY };

/** Deps whose openDb hands out a stand-in database and records how it was asked and whether it was closed. */
function fakeDeps() {
  const calls: { path: string; mode: unknown; closed: boolean }[] = [];
  const deps = {
    logger: pino({ level: 'silent' }),
    stdout: new Writable({
      write(_c, _e, done) {
        done();
      },
    }),
    openDb: async (dbPath: string, _ref?: string, mode?: unknown) => {
      const call = { path: dbPath, mode, closed: false };
      calls.push(call);
      return {
        close: () => {
          call.closed = true;
        },
      } as unknown as Database;
    },
    env: {},
    interactive: false,
    json: false,
    now: () => new Date('2025-07-01T00:00:00Z'),
    files: outputWrites,
  } satisfies Deps;
  return { deps, calls };
}

describe('withDb', () => {
  it('opens through deps.openDb, with mustExist for a command that only reads, and closes after the work', async () => {
    const { deps, calls } = fakeDeps();
    expect(await withDb(deps, { db: 'x.duckdb' }, { mustExist: true }, async () => 7)).toBe(7);
    expect(calls).toEqual([{ path: 'x.duckdb', mode: { mustExist: true }, closed: true }]);
  });

  it('closes the database when the work throws, and lets the error through', async () => {
    const { deps, calls } = fakeDeps();
    await expect(
      withDb(deps, { db: 'y.duckdb' }, {}, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(calls).toEqual([{ path: 'y.duckdb', mode: undefined, closed: true }]);
  });
});

describe('option defaults, declared once', () => {
  // commander wraps the help to the terminal's width: compared with the white space collapsed
  const help = async (command: string) => (await runCli([command, '--help'])).stdout.replace(/\s+/g, ' ');

  it('--help shows the defaults the commands use', async () => {
    const flags = await help('flags');
    expect(flags).toContain('--horizon-days <n> window length in days (default: 90)');
    expect(flags).toContain('(attesa occupazione) (default: 12)');
    expect(await help('crisis-basins')).toContain('smallest count published (1 turns suppression off) (default: 5)');
    expect(await help('run')).toContain('held by another process (default: 0)');
  });
});

describe('the ingest loop of ingest and run', () => {
  it('ingest --json gives each file its kind and no internal exit code', async () => {
    const dir = tempDir();
    const file = writeFile(dir, 'co.csv', coCsv([coRow()]));
    const run = await runCli(['--db', path.join(dir, 'co.duckdb'), '--json', 'ingest', 'co', file], env);
    expect(run.code).toBe(0);
    const [result] = JSON.parse(run.stdout).files;
    expect(result).toMatchObject({ file, kind: 'co', status: 'loaded', rows_loaded: 1 });
    expect(result).not.toHaveProperty('exitCode');
  });

  it('run fails a file whose header is no extract, with kind null, and goes on', async () => {
    const dir = tempDir();
    const inbox = path.join(dir, 'inbox');
    const junk = writeFile(inbox, 'a-junk.csv', 'colonna_a,colonna_b\n1,2\n');
    writeFile(inbox, 'b-co.csv', coCsv([coRow()]));
    const run = await runCli(
      ['--db', path.join(dir, 'co.duckdb'), 'run', '--inbox', inbox, '--out', path.join(dir, 'out'), '--no-snapshot'],
      env,
    );
    expect(run.code).toBe(1);
    const summary = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
    expect(summary.files[0]).toEqual({
      file: junk,
      kind: null,
      status: 'failed',
      rows_loaded: 0,
      rows_rejected: 0,
      error: `${junk}: not a CO, INPS, ISTAT or Excelsior extract (header not recognised)`,
    });
    expect(summary.files[1]).toMatchObject({ kind: 'co', status: 'loaded', rows_loaded: 1 });
  });
});
