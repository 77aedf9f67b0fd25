import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Database } from '../src/db/Database.js';
import { openDatabase } from '../src/db/openDatabase.js';
import { UserError } from '../src/runtime/errors.js';
import { withFewerCheckpoints } from '../src/db/withFewerCheckpoints.js';
import { withoutVacuum } from '../src/db/withoutVacuum.js';
import { tempDir } from './helpers.js';

// Commits smaller than a row group go to the log (larger ones DuckDB writes to the file
// at once): 20 of them make about 30 MB of log, over DuckDB's default threshold (16 MB)
// and under the ingest's (256 MB), like the files of a monthly extract.
const smallCommits = async (db: Database) => {
  for (let k = 0; k < 20; k++) {
    await db.transaction(() =>
      db.run(
        'INSERT INTO t SELECT i, md5(i::VARCHAR) || md5((i + 1)::VARCHAR) FROM range($k * 20000, ($k + 1) * 20000) r(i)',
        { k },
      ),
    );
  }
};
const walBytes = (file: string) => (existsSync(`${file}.wal`) ? statSync(`${file}.wal`).size : 0);

describe('an ingest checkpoints once at the end, not after every file', () => {
  it('keeps committed work in the log during the work, checkpoints at the end and restores the threshold', async () => {
    const file = path.join(tempDir(), 'db.duckdb');
    const db = await openDatabase(file);
    try {
      await db.run('CREATE TABLE t (i BIGINT, s VARCHAR)');
      await db.run('CHECKPOINT');
      const setting = () => db.one<{ v: string }>("SELECT current_setting('checkpoint_threshold') AS v");
      const before = await setting();
      // Without it, DuckDB checkpoints whenever the log passes 16 MB.
      await smallCommits(db);
      expect(walBytes(file)).toBeLessThan(16 * 1024 * 1024);
      await db.run('CHECKPOINT');
      let during = 0;
      await withFewerCheckpoints(db, async () => {
        await smallCommits(db);
        during = walBytes(file);
      });
      expect(during).toBeGreaterThan(16 * 1024 * 1024);
      expect(walBytes(file)).toBe(0);
      expect(await setting()).toEqual(before);
      expect(await db.one<{ n: number }>('SELECT count(*)::INTEGER AS n FROM t')).toEqual({ n: 800_000 });
    } finally {
      db.close();
    }
  });

  it('restores the threshold and the vacuum when the work fails, and lets the error through', async () => {
    const db = await openDatabase(path.join(tempDir(), 'db.duckdb'));
    try {
      const settings =
        "SELECT current_setting('checkpoint_threshold') AS threshold, current_setting('max_vacuum_tasks') AS vacuum";
      const before = await db.one(settings);
      let during: unknown;
      const failing = async () => {
        during = await db.one(settings);
        throw new Error('disk full');
      };
      await expect(withFewerCheckpoints(db, failing)).rejects.toThrow('disk full');
      expect(during).toEqual({ threshold: '244.1 MiB', vacuum: '0' }); // 256 MB, as DuckDB prints it
      expect(await db.one(settings)).toEqual(before);
    } finally {
      db.close();
    }
  });
});

describe('the final checkpoint of an ingest', () => {
  it('describes a full disk as the user can act on it, saying the files loaded are kept', async () => {
    const full = 'IO Error: Could not write file "/srv/co/co.duckdb": No space left on device';
    const db = {
      path: '/srv/co/co.duckdb',
      run: async (sql: string) => {
        if (sql === 'CHECKPOINT') throw new Error(full);
      },
    } as unknown as Database;
    const failure = withFewerCheckpoints(db, async () => 'loaded');
    await expect(failure).rejects.toBeInstanceOf(UserError);
    await expect(failure).rejects.toThrow(/\/srv\/co.*The files loaded are kept in \/srv\/co\/co\.duckdb\.wal/s);
  });
});

describe('the checkpoint of a build for new batches', () => {
  it('describes a full disk as the user can act on it, saying the tables built are kept', async () => {
    const full = 'IO Error: Could not write file "/srv/co/co.duckdb": No space left on device';
    const ran: string[] = [];
    const db = {
      path: '/srv/co/co.duckdb',
      run: async (sql: string) => {
        ran.push(sql);
        if (sql === 'CHECKPOINT') throw new Error(full);
      },
    } as unknown as Database;
    const failure = withoutVacuum(db, 'The tables built', async () => 'built');
    await expect(failure).rejects.toBeInstanceOf(UserError);
    await expect(failure).rejects.toThrow(/\/srv\/co.*The tables built are kept in \/srv\/co\/co\.duckdb\.wal/s);
    // vacuum is turned back on all the same
    expect(ran.at(-1)).toBe('RESET max_vacuum_tasks');
  });
});
