import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  utimesSync,
  watch,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/openDatabase.js';
import { publishSnapshot } from '../src/output/publishSnapshot.js';
import { generateCo } from '../src/generate/generateCo.js';
import { projectRoot } from '../src/runtime/paths.js';
import { coCsv, coRow, ingest, query, runCli, TEST_KEY, tempDir, writeFile } from './helpers.js';

const env = { CO_PSEUDONYM_KEY: TEST_KEY };
const cli = path.join(projectRoot, 'bin', 'co-pipeline.js');
const summaryOf = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, any>;

/** Runs a query on a snapshot opened read-only, as an analyst would (openDatabase would write its schema). */
async function readSnapshot<T = Record<string, unknown>>(file: string, sql: string): Promise<T[]> {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJson() as T[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The row count of every table, by name. */
const countsSql = (tables: string[]) =>
  `SELECT ${tables.map((t) => `(SELECT count(*) FROM "${t}")::INTEGER AS "${t}"`).join(', ')}`;
async function tablesOf(db: string): Promise<string[]> {
  const rows = await query<{ name: string }>(
    db,
    'SELECT table_name AS name FROM duckdb_tables() WHERE database_name = current_database() ORDER BY 1',
  );
  return rows.map((r) => r.name);
}

/** The temporary folders a snapshot write leaves beside the snapshot while it runs (or after a kill). */
const temporariesBeside = (snapshot: string) =>
  readdirSync(path.dirname(snapshot)).filter((n) => n.startsWith(`${path.basename(snapshot)}.tmp-`));

/**
 * An analyst in another process: opens the snapshot read-only and keeps it open,
 * answering each line of SQL on stdin with its rows as one JSON line.
 */
function analyst(file: string): { child: ChildProcessWithoutNullStreams; ask: (sql: string) => Promise<unknown[]> } {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `import('@duckdb/node-api').then(async (m) => {
    const i = await m.DuckDBInstance.create(${JSON.stringify(file)}, { access_mode: 'READ_ONLY' });
    const c = await i.connect(); globalThis.held = [i, c];
    console.log('open');
    require('node:readline').createInterface({ input: process.stdin }).on('line', async (sql) => {
      console.log(JSON.stringify((await c.runAndReadAll(sql)).getRowObjectsJson()));
    });
  })`,
    ],
    { cwd: projectRoot },
  );
  let buffer = '';
  const waiting: ((line: string) => void)[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += String(chunk);
    for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      waiting.shift()?.(line);
    }
  });
  const next = () => new Promise<string>((resolve) => waiting.push(resolve));
  const opened = next();
  return {
    child,
    ask: async (sql) => {
      expect(await opened).toBe('open');
      const answer = next();
      child.stdin.write(`${sql}\n`);
      return JSON.parse(await answer) as unknown[];
    },
  };
}

describe("the analysts' snapshot", () => {
  it("is written after build beside the database, with every table's rows, the database's read bits and no raw codice fiscale", async () => {
    const dir = tempDir();
    const db = path.join(dir, 'co.duckdb');
    const snapshot = path.join(dir, 'co.snapshot.duckdb');
    // two workers, one hire each: 2 communications, 2 rapporti, 2 workers
    await ingest(db, [
      writeFile(
        dir,
        'a.csv',
        coCsv([coRow(), coRow({ codice_comunicazione: 'C0002', lavoratore_cf: 'MRTMTT91D08F205J' })]),
      ),
    ]);
    expect(existsSync(snapshot)).toBe(false); // ingest publishes none
    chmodSync(db, 0o640);

    const build = await runCli(['--db', db, 'build'], env);
    expect(build.code).toBe(0);
    expect(build.stdout).toMatch(
      new RegExp(`snapshot: ${snapshot.replaceAll('.', '\\.')} \\([0-9.]+ MB, [0-9.]+ s\\)`),
    );
    expect(
      await readSnapshot(
        snapshot,
        'SELECT (SELECT count(*) FROM co_comunicazioni)::INTEGER AS c, (SELECT count(*) FROM rapporti)::INTEGER AS r, (SELECT count(*) FROM lavoratori)::INTEGER AS l',
      ),
    ).toEqual([{ c: 2, r: 2, l: 2 }]);
    const tables = await tablesOf(db);
    expect(tables).toContain('rejects');
    expect(await readSnapshot(snapshot, countsSql(tables))).toEqual(await query(db, countsSql(tables)));
    // the database's read bits, and no write bit: a read-write session would leave a WAL beside it
    expect(statSync(snapshot).mode & 0o777).toBe(0o440);
    const bytes = readFileSync(snapshot).toString('latin1');
    expect(bytes).not.toContain('RSSMRA85T10A562S');
    expect(bytes).not.toContain('MRTMTT91D08F205J');
    expect(temporariesBeside(snapshot)).toEqual([]);

    // Up to date and the snapshot there: left alone. Up to date and no snapshot: published.
    const inode = statSync(snapshot).ino;
    const again = await runCli(['--db', db, 'build'], env);
    expect(again.stdout).not.toContain('snapshot');
    expect(statSync(snapshot).ino).toBe(inode);
    renameSync(snapshot, path.join(dir, 'moved.duckdb'));
    const missing = await runCli(['--db', db, 'build'], env);
    expect(missing.stdout).toContain('Models up to date');
    expect(missing.stdout).toContain(`snapshot: ${snapshot}`);
    expect(existsSync(snapshot)).toBe(true);
  });

  it('goes where --snapshot says, not at all with --no-snapshot, and never onto the database', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'co.duckdb');
    await ingest(db, [writeFile(dir, 'a.csv', coCsv([coRow()]))]);
    const none = await runCli(['--db', db, '--no-snapshot', 'build'], env);
    expect(none.code).toBe(0);
    expect(readdirSync(dir).filter((n) => n.includes('snapshot'))).toEqual([]);
    const elsewhere = path.join(dir, 'analysts', 'co.duckdb');
    expect((await runCli(['--db', db, '--snapshot', elsewhere, 'build', '--force'], env)).code).toBe(0);
    expect(await readSnapshot(elsewhere, 'SELECT count(*)::INTEGER AS n FROM co_comunicazioni')).toEqual([{ n: 1 }]);
    for (const onto of [db, `${db}.wal`]) {
      const refused = await runCli(['--db', db, '--snapshot', onto, 'build', '--force'], env);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('--snapshot');
    }
    expect(await query(db, 'SELECT count(*)::INTEGER AS n FROM co_comunicazioni')).toEqual([{ n: 1 }]);
  });

  it('is not published over a path that is not a DuckDB file, and the job still succeeds, saying so', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'co.duckdb');
    await ingest(db, [writeFile(dir, 'a.csv', coCsv([coRow()]))]);
    const theirs = writeFile(dir, 'notes.txt', "an analyst's notes\n");
    const build = await runCli(['--db', db, '--snapshot', theirs, 'build'], env);
    expect(build.code).toBe(0);
    expect(build.stdout).toContain(`snapshot not published: ${theirs} exists and is not a DuckDB database`);
    expect(build.logs.some((l) => l.level === 40 && String(l.msg).startsWith('snapshot not published'))).toBe(true);
    expect(readFileSync(theirs, 'utf8')).toBe("an analyst's notes\n");
  });

  it('keeps the previous snapshot, with a warning and no temporary left, when the rename is refused', async () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'co.duckdb');
    await ingest(dbPath, [writeFile(dir, 'a.csv', coCsv([coRow()]))]);
    const snapshot = path.join(dir, 'co.snapshot.duckdb');
    expect((await runCli(['--db', dbPath, 'build'], env)).code).toBe(0);
    const before = readFileSync(snapshot);
    let logText = '';
    const logger = pino({ level: 'debug' }, { write: (s: string) => void (logText += s) });
    const db = await openDatabase(dbPath);
    try {
      // What Windows, or a network file system, may answer while a reader has the file open.
      const busy = () => {
        throw Object.assign(new Error('EBUSY: resource busy or locked, rename'), { code: 'EBUSY' });
      };
      const result = await publishSnapshot(db, snapshot, logger, { rename: busy });
      expect(result).toMatchObject({ status: 'not published', path: snapshot });
      expect(result.status === 'not published' && result.reason).toContain('the previous snapshot stays');
    } finally {
      db.close();
    }
    expect(logText).toContain('"level":40');
    expect(readFileSync(snapshot).equals(before)).toBe(true);
    expect(temporariesBeside(snapshot)).toEqual([]);
  });

  it('does not stop the next run while an analyst reads it; after the run the analyst keeps the old data and a new reader sees the new', async () => {
    const dir = tempDir();
    const all = path.join(dir, 'generated');
    generateCo({ workers: 300, from: '2024-07', to: '2024-12', seed: 'snapshot', out: all, identifiers: 'cf' });
    const inbox = path.join(dir, 'inbox');
    mkdirSync(inbox);
    const co = readdirSync(all)
      .filter((f) => /^co_.*\.csv$/.test(f))
      .sort();
    for (const f of co.slice(0, 3)) renameSync(path.join(all, f), path.join(inbox, f));
    const db = path.join(dir, 'co.duckdb');
    const snapshot = path.join(dir, 'co.snapshot.duckdb');
    const out = path.join(dir, 'out');
    const communications = 'SELECT count(*)::INTEGER AS n FROM co_comunicazioni';

    const first = await runCli(['--db', db, 'run', '--inbox', inbox, '--out', out], env);
    expect(first.code).toBe(0);
    expect(summaryOf(first.stdout).snapshot).toMatchObject({ status: 'published', path: snapshot });
    const before = (await query<{ n: number }>(db, communications))[0]!.n;
    expect(await readSnapshot(snapshot, communications)).toEqual([{ n: before }]);

    const reader = analyst(snapshot);
    try {
      expect(await reader.ask(communications)).toEqual([{ n: before }]);
      for (const f of co.slice(3)) renameSync(path.join(all, f), path.join(inbox, f));
      const second = await runCli(['--db', db, 'run', '--inbox', inbox, '--out', out], env);
      expect(second.code).toBe(0);
      const summary = summaryOf(second.stdout);
      expect(summary.snapshot).toMatchObject({ status: 'published', path: snapshot });
      expect(summary.snapshot.bytes).toBe(statSync(snapshot).size);
      expect(typeof summary.snapshot.ms).toBe('number');
      const after = (await query<{ n: number }>(db, communications))[0]!.n;
      expect(after).toBeGreaterThan(before);
      // the analyst's open snapshot is the old file, whole; a reader opening it now gets the new one
      expect(await reader.ask(communications)).toEqual([{ n: before }]);
      expect(await readSnapshot(snapshot, communications)).toEqual([{ n: after }]);
      // the generated extracts' raw codici fiscali (workers): none in the snapshot's bytes
      const raw = new Set<string>();
      for (const f of co) {
        const [head, ...rows] = readFileSync(path.join(inbox, f), 'utf8').trim().split('\n');
        const column = head!.split(';').indexOf('lavoratore_cf');
        for (const row of rows) raw.add(row.split(';')[column]!);
      }
      expect(raw.size).toBeGreaterThan(100);
      const bytes = readFileSync(snapshot).toString('latin1');
      expect([...raw].filter((cf) => bytes.includes(cf))).toEqual([]);
    } finally {
      reader.child.kill();
    }
  });

  it('is the old snapshot or the new one after a kill while it is written, and the next build removes what the kill left', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'co.duckdb');
    const snapshot = path.join(dir, 'co.snapshot.duckdb');
    const { files } = generateCo({
      workers: 3000,
      from: '2024-01',
      to: '2024-06',
      seed: 'snapshot-kill',
      out: path.join(dir, 'gen'),
      identifiers: 'cf',
    });
    await ingest(
      db,
      files.filter((f) => path.basename(f).startsWith('co_')),
    );
    expect((await runCli(['--db', db, 'build'], env)).code).toBe(0);
    const tables = await tablesOf(db);
    const expected = await query(db, countsSql(tables));

    // each trial's job first removes what the trial before left (its process is gone). The
    // first is killed the moment its temporary copy appears beside the snapshot, the others
    // a while after the job says it writes the snapshot; a copy of this small database takes
    // milliseconds, so a job may be done before its kill: then its snapshot is the new one
    let everLeft = false;
    let lastLeft = 0;
    for (const delay of ['on the temporary', 0, 50, 150] as const) {
      const child = spawn(process.execPath, [cli, '--db', db, '--log-level', 'debug', 'build', '--force'], {
        env: { ...process.env, ...env },
      });
      const watcher =
        delay === 'on the temporary'
          ? watch(dir, (_event, name) => {
              if (name?.startsWith(`${path.basename(snapshot)}.tmp-${child.pid}-`)) child.kill('SIGKILL');
            })
          : undefined;
      let stderr = '';
      const exit = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
        child.stderr.on('data', (chunk: Buffer) => {
          const seen = stderr.includes('snapshot: writing');
          stderr += String(chunk);
          if (typeof delay === 'number' && !seen && stderr.includes('snapshot: writing'))
            setTimeout(() => child.kill('SIGKILL'), delay);
        });
        child.on('exit', (code, signal) => resolve({ code, signal }));
      });
      const ended = await exit;
      watcher?.close();
      expect(ended.signal === 'SIGKILL' || ended.code === 0).toBe(true);
      // whole: the old snapshot or the new one, never a half-written file at its path
      expect(await readSnapshot(snapshot, countsSql(tables))).toEqual(expected);
      const left = temporariesBeside(snapshot);
      // what a kill leaves is recognisable: <snapshot>.tmp-<the killed job's PID>-
      for (const name of left) expect(name).toMatch(new RegExp(`\\.tmp-${child.pid}-`));
      if (left.length) everLeft = true;
      lastLeft = left.length;
    }
    expect(everLeft).toBe(true);

    const next = await runCli(['--db', db, 'build', '--force'], env);
    expect(next.code).toBe(0);
    expect(
      next.logs.filter((l) => l.msg === 'snapshot: removed the temporary copy a stopped job left behind'),
    ).toHaveLength(lastLeft);
    expect(temporariesBeside(snapshot)).toEqual([]);
    expect(await readSnapshot(snapshot, countsSql(tables))).toEqual(expected);
  });

  it('is the database file itself once checkpointed, and a table-by-table copy when the log still holds commits', async () => {
    const dir = tempDir();
    const logger = pino({ level: 'silent' });
    const db = await openDatabase(path.join(dir, 'co.duckdb'));
    try {
      await db.run('CREATE TABLE t AS SELECT range AS i FROM range(1000)');
      await db.run('CHECKPOINT');
      // a small commit stays in the log until a checkpoint
      await db.run('INSERT INTO t VALUES (-1)');
      expect(statSync(`${db.path}.wal`).size).toBeGreaterThan(0);
      const copied = path.join(dir, 'copied.duckdb');
      expect(await publishSnapshot(db, copied, logger)).toMatchObject({ status: 'published' });
      // the checkpoint put the commit into the file, and the snapshot is that file's bytes
      expect(readFileSync(copied).equals(readFileSync(db.path))).toBe(true);
      expect(await readSnapshot(copied, 'SELECT count(*)::INTEGER AS n, min(i)::INTEGER AS low FROM t')).toEqual([
        { n: 1001, low: -1 },
      ]);

      // A checkpoint that leaves commits in the log (here one that does nothing): the file alone would lack them.
      await db.run('INSERT INTO t VALUES (-2)');
      const run = db.run.bind(db);
      db.run = (sql, ...rest) => (sql === 'CHECKPOINT' ? Promise.resolve() : run(sql, ...rest));
      const rebuilt = path.join(dir, 'rebuilt.duckdb');
      expect(await publishSnapshot(db, rebuilt, logger)).toMatchObject({ status: 'published' });
      expect(await readSnapshot(rebuilt, 'SELECT count(*)::INTEGER AS n, min(i)::INTEGER AS low FROM t')).toEqual([
        { n: 1002, low: -2 },
      ]);
    } finally {
      db.close();
    }
  });

  it('leaves the temporary of a job still running, unless it is a day old', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'co.duckdb');
    await ingest(db, [writeFile(dir, 'a.csv', coCsv([coRow()]))]);
    const snapshot = path.join(dir, 'co.snapshot.duckdb');
    // the parent of the test process is alive, and not this process
    const running = path.join(dir, `co.snapshot.duckdb.tmp-${process.ppid}-aaaaaa`);
    const old = path.join(dir, `co.snapshot.duckdb.tmp-${process.ppid}-bbbbbb`);
    mkdirSync(running);
    mkdirSync(old);
    writeFileSync(path.join(old, 'co.snapshot.duckdb'), 'half');
    const twoDaysAgo = (Date.now() - 2 * 86_400_000) / 1000;
    utimesSync(old, twoDaysAgo, twoDaysAgo);
    expect((await runCli(['--db', db, 'build'], env)).code).toBe(0);
    expect(temporariesBeside(snapshot)).toEqual([path.basename(running)]);
  });
});
