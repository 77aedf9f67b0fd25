import { totalmem } from 'node:os';
import { constrainedMemory } from 'node:process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultMemoryLimit } from '../src/db/defaultMemoryLimit.js';
import { openDatabase } from '../src/db/openDatabase.js';
import { runCli, tempDir, watchOpens, emptyDatabase } from './helpers.js';

const GiB = 2 ** 30;

/** DuckDB's memory_limit as it shows it ("11.7 GiB", "488.2 MiB"), in bytes. */
const bytesOf = (shown: unknown) => {
  const [, n, unit] = /^([\d.]+) (KiB|MiB|GiB|TiB)$/.exec(String(shown))!;
  return Number(n) * 2 ** (10 * ['KiB', 'MiB', 'GiB', 'TiB'].indexOf(unit!) + 10);
};

describe("the default memory limit: half of the memory, not DuckDB's 80%", () => {
  it.each([
    ['16 GiB, no cgroup limit', 16 * GiB, undefined, '8192MiB'],
    ['16 GiB, constrainedMemory() 0 (no limit)', 16 * GiB, 0, '8192MiB'],
    ['16 GiB, a cgroup without a limit (2^64)', 16 * GiB, 2 ** 64, '8192MiB'],
    ['16 GiB, a cgroup limit of 4 GiB', 16 * GiB, 4 * GiB, '2048MiB'],
    ['7.5 GiB: 3.75 GiB = 3840 MiB', 7.5 * GiB, undefined, '3840MiB'],
    ['1001 MiB: 500.5 MiB, whole MiB below', 1001 * 2 ** 20, undefined, '500MiB'],
  ])('%s', (_what, total, constrained, limit) => {
    expect(defaultMemoryLimit(total, constrained)).toBe(limit);
  });

  it('is what a command opens its database with, when nothing sets another', async () => {
    const dir = tempDir();
    const { opened, openDb } = watchOpens();
    expect(
      (await runCli(['--db', await emptyDatabase(path.join(dir, 'co.duckdb')), 'status'], {}, { cwd: dir, openDb }))
        .code,
    ).toBe(0);
    const limit = constrainedMemory?.() ? Math.min(totalmem(), constrainedMemory()!) : totalmem();
    // DuckDB shows one decimal, cut (11.77 GiB shows as 11.7): within 0.1 GiB
    expect(Math.abs(bytesOf(opened[0]!.memory) - limit / 2)).toBeLessThan(0.1 * GiB);
    expect(Math.abs(bytesOf(opened[0]!.memory) - limit * 0.8)).toBeGreaterThan(0.2 * GiB);
  });

  it('is given to a database opened without a limit, which keeps its private spill directory', async () => {
    const dbPath = path.join(tempDir(), 'co.duckdb');
    const db = await openDatabase(dbPath);
    try {
      const limit = constrainedMemory?.() ? Math.min(totalmem(), constrainedMemory()!) : totalmem();
      const settings = await db.one(
        "SELECT current_setting('memory_limit') AS m, current_setting('temp_directory') AS t",
      );
      expect(Math.abs(bytesOf(settings!.m) - limit / 2)).toBeLessThan(0.1 * GiB);
      expect(settings!.t).toBe(`${dbPath}.tmp`);
    } finally {
      db.close();
    }
  });

  it('gives way to --memory-limit and CO_MEMORY_LIMIT, the command line first', async () => {
    const dir = tempDir();
    const db = await emptyDatabase(path.join(dir, 'co.duckdb'));
    const { opened, openDb } = watchOpens();
    expect((await runCli(['--db', db, '--memory-limit', '750MiB', 'status'], {}, { openDb })).code).toBe(0);
    expect((await runCli(['--db', db, 'status'], { CO_MEMORY_LIMIT: '1.5GiB' }, { openDb })).code).toBe(0);
    expect(
      (await runCli(['--db', db, '--memory-limit', '3GiB', 'status'], { CO_MEMORY_LIMIT: '1.5GiB' }, { openDb })).code,
    ).toBe(0);
    // an empty variable is unset, as VAR= in the shell
    expect(
      (await runCli(['--db', db, '--memory-limit', '2GiB', 'status'], { CO_MEMORY_LIMIT: '' }, { openDb })).code,
    ).toBe(0);
    expect(opened.map((o) => o.memory)).toEqual(['750.0 MiB', '1.5 GiB', '3.0 GiB', '2.0 GiB']);
  });

  it.each([
    [['--memory-limit', '4'], {}, '--memory-limit "4": expected a size above 0 with its unit, e.g. 4GB or 512MB'],
    [['--memory-limit', '0GB'], {}, '--memory-limit "0GB": expected a size above 0'],
    [['--memory-limit', '80%'], {}, '--memory-limit "80%": expected a size'],
    [[], { CO_MEMORY_LIMIT: 'lots' }, 'CO_MEMORY_LIMIT "lots": expected a size above 0 with its unit'],
  ])('refuses %j %j with exit 2, before opening anything', async (args, env, said) => {
    const dir = tempDir();
    const { opened, openDb } = watchOpens();
    const run = await runCli(['--db', path.join(dir, 'co.duckdb'), ...args, 'status'], env, { openDb });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(said);
    expect(opened).toEqual([]);
  });
});
