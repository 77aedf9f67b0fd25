import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { copyToFile } from '../src/output/copyToFile.js';
import { openDatabase } from '../src/db/openDatabase.js';
import { runCli, tempDir } from './helpers.js';

/**
 * Every rename of a temporary file, with the modes of the file and of its directory
 * just before: what a kill at that moment leaves on disk, with every byte written.
 */
const renames = vi.hoisted(() => [] as { from: string; fileMode: number; dirMode: number }[]);
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const renameSync: typeof fs.renameSync = (from, to) => {
    const file = String(from);
    if (file.includes('.tmp-') && fs.statSync(file).isFile()) {
      renames.push({
        from: file,
        fileMode: fs.statSync(file).mode & 0o777,
        dirMode: fs.statSync(path.dirname(file)).mode & 0o777,
      });
    }
    fs.renameSync(from, to);
  };
  return { ...fs, renameSync, default: { ...fs, renameSync } };
});
afterEach(() => {
  renames.length = 0;
});

const mode = (file: string) => statSync(file).mode & 0o777;

/** Polls every millisecond while fn runs: the modes of whatever sits under dir (not dir itself). */
async function watchWhile(dir: string, fn: () => Promise<unknown>) {
  const seen: { file: string; mode: number; size: number; dirMode: number }[] = [];
  const look = (d: string) => {
    if (!existsSync(d)) return;
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      try {
        if (entry.isDirectory()) look(p);
        else seen.push({ file: p, mode: mode(p), size: statSync(p).size, dirMode: mode(path.dirname(p)) });
      } catch {
        // removed between the listing and the stat
      }
    }
  };
  const timer = setInterval(() => look(dir), 1);
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  return seen;
}

describe('owner-only files: 0600 from the first byte', () => {
  it('copyToFile creates the temporary file 0600, in a 0700 directory, before DuckDB writes into it (csv, parquet, json)', async () => {
    const dir = tempDir();
    const db = await openDatabase(path.join(dir, 'co.duckdb'));
    try {
      for (const format of ['csv', 'parquet', 'json'] as const) {
        const out = path.join(dir, 'out', `flags.${format}`);
        mkdirSync(path.dirname(out), { recursive: true });
        const seen = await watchWhile(path.dirname(out), () =>
          copyToFile(
            db,
            "SELECT range AS n, 'pseudonimo-' || range AS lavoratore_id FROM range(1500000) ORDER BY n",
            {},
            out,
            { format, ownerOnly: true },
          ),
        );
        const whileWritten = seen.filter((s) =>
          path.basename(path.dirname(s.file)).startsWith(`${path.basename(out)}.tmp-`),
        );
        // Seen while DuckDB was writing (some of it already on disk), never readable by others.
        expect(
          whileWritten.some((s) => s.size > 0),
          `${format}: the temporary file was not seen while written`,
        ).toBe(true);
        expect(
          whileWritten.every((s) => s.mode === 0o600 && s.dirMode === 0o700),
          `${format}: ${JSON.stringify(whileWritten.slice(0, 3))}`,
        ).toBe(true);
        expect(mode(out)).toBe(0o600);
        expect(readdirSync(path.dirname(out)).filter((f) => f.includes('.tmp-'))).toEqual([]);
      }
    } finally {
      db.close();
    }
  });

  it('copyToFile without ownerOnly (aggregates) leaves the file in the normal mode', async () => {
    const dir = tempDir();
    const db = await openDatabase(path.join(dir, 'co.duckdb'));
    try {
      const out = path.join(dir, 'tavola.csv');
      await copyToFile(db, 'SELECT 1 AS n', {}, out);
      // The mode any file the process writes gets (0666 less the umask).
      const ordinary = path.join(dir, 'ordinary.txt');
      writeFileSync(ordinary, '');
      expect(mode(out)).toBe(mode(ordinary));
    } finally {
      db.close();
    }
  });

  it('flags writes its temporary and final files 0600 in every format', async () => {
    // The mode does not depend on the rows: a database without communications writes the header only.
    const dir = tempDir();
    const db = path.join(dir, 'co.duckdb');
    // a database with the schema and no communications (flags refuses a missing one)
    (await openDatabase(db)).close();
    for (const format of ['csv', 'parquet', 'json']) {
      const out = path.join(dir, `flags.${format}`);
      const run = await runCli(['--db', db, 'flags', '--as-of', '2025-03-31', '--format', format, '--out', out], {});
      expect(run.code, run.stderr).toBe(0);
      const written = renames.filter((r) => path.basename(r.from) === path.basename(out));
      expect(written).toHaveLength(1);
      expect(written[0]).toMatchObject({ fileMode: 0o600, dirMode: 0o700 });
      expect(mode(out)).toBe(0o600);
    }
  });

  it('rejects writes its temporary and final files 0600 (they hold the rejected values)', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'co.duckdb');
    // A rejected sesso, as the ingest records it.
    const database = await openDatabase(db);
    try {
      await database.run(`INSERT INTO rejects VALUES (1, 'co_2025-01.csv', 2, 'sesso', 'X', 'invalid_value',
        'value not allowed here: see the column list in the CO extract contract')`);
    } finally {
      database.close();
    }
    const out = path.join(dir, 'rejects.csv');
    const exported = await runCli(['--db', db, 'rejects', '--out', out]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toContain('1 rejected values written');
    expect(renames.filter((r) => path.basename(r.from) === 'rejects.csv')).toEqual([
      expect.objectContaining({ fileMode: 0o600, dirMode: 0o700 }),
    ]);
    expect(mode(out)).toBe(0o600);
    expect(readFileSync(out, 'utf8')).toContain(',sesso,X,invalid_value,');
  });
});

describe("DuckDB's temporary (spill) directory: 0700", () => {
  it('is <database>.tmp, made 0700 before DuckDB starts, and holds the spill files of a sort larger than memory', async () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'co.duckdb');
    const spill = `${dbPath}.tmp`;
    const db = await openDatabase(dbPath, { memoryLimit: '50MB', threads: 2 });
    let seen: Awaited<ReturnType<typeof watchWhile>>;
    try {
      expect(await db.one("SELECT current_setting('temp_directory') AS d")).toEqual({ d: spill });
      expect(mode(spill)).toBe(0o700);
      seen = await watchWhile(spill, () =>
        db.all(
          "SELECT count(*)::INTEGER AS n, max(x) AS m FROM (SELECT hash(range)::VARCHAR || '-riga-di-prova' AS x FROM range(4000000) ORDER BY x)",
        ),
      );
    } finally {
      db.close();
    }
    // The sort did spill: its files were in the directory, which nobody else can enter.
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((s) => path.dirname(s.file) === spill && s.dirMode === 0o700)).toBe(true);
    expect(mode(spill)).toBe(0o700);
  });

  it('tightens an existing temporary directory to 0700 (one left by an earlier run)', async () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'co.duckdb');
    mkdirSync(`${dbPath}.tmp`);
    chmodSync(`${dbPath}.tmp`, 0o755);
    const db = await openDatabase(dbPath);
    db.close();
    expect(lstatSync(`${dbPath}.tmp`).isDirectory()).toBe(true);
    expect(mode(`${dbPath}.tmp`)).toBe(0o700);
  });

  it('gives an in-memory database no temporary directory: it never spills to disk', async () => {
    const db = await openDatabase(':memory:');
    try {
      expect(await db.one("SELECT current_setting('temp_directory') AS d")).toEqual({ d: '' });
    } finally {
      db.close();
    }
  });
});
