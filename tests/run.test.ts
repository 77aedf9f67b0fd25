import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCo } from '../src/generate/generateCo.js';
import { OUTPUT_MARKER } from '../src/output/outputFolder.js';
import { projectRoot } from '../src/runtime/paths.js';
import { query, runCli, TEST_KEY, tempDir, writeFile } from './helpers.js';

const env = { CO_PSEUDONYM_KEY: TEST_KEY };

function inbox(workers = 800) {
  const dir = tempDir();
  const inboxDir = path.join(dir, 'inbox');
  generateCo({ workers, from: '2024-07', to: '2025-06', seed: 'run', out: inboxDir, identifiers: 'cf' });
  return { dir, inbox: inboxDir, db: path.join(dir, 'co.duckdb'), out: path.join(dir, 'out') };
}
const summaryOf = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, any>;

describe('run: the monthly job', () => {
  it('ingests a clean inbox, builds, writes the crisis basins, and says so in one JSON line; a re-run loads nothing new', async () => {
    const t = inbox();
    // the command's clock, pinned: the summary, the batches and both folders carry its time
    const now = () => new Date('2031-02-03T04:05:06Z');
    const first = await runCli(
      ['--db', t.db, 'run', '--inbox', t.inbox, '--out', t.out, '--as-of', '2025-06-30'],
      env,
      { now },
    );
    expect(first.code).toBe(0);
    const summary = summaryOf(first.stdout);
    expect(summary.started_at).toBe('2031-02-03T04:05:06.000Z');
    expect(await query(t.db, "SELECT DISTINCT strftime(started_at, '%Y-%m-%dT%H:%M:%S') AS s FROM batches")).toEqual([
      { s: '2031-02-03T04:05:06' },
    ]);
    for (const folder of ['bacini-crisi-2025-06-30', 'rapporto-semestrale-2025-H1']) {
      const marker = JSON.parse(readFileSync(path.join(t.out, folder, OUTPUT_MARKER), 'utf8')) as {
        written_at: string;
      };
      expect(marker.written_at).toBe('2031-02-03T04:05:06.000Z');
    }
    expect(readFileSync(path.join(t.out, 'bacini-crisi-2025-06-30', 'riepilogo.md'), 'utf8')).toContain(
      'Generato il 2031-02-03.',
    );
    expect(readFileSync(path.join(t.out, 'rapporto-semestrale-2025-H1', 'report.md'), 'utf8')).toContain(
      'Rapporto generato il 2031-02-03.',
    );
    expect(summary.files.map((f: { kind: string }) => f.kind).sort()).toEqual([
      ...Array(12).fill('co'),
      'inps',
      'istat',
    ]);
    expect(summary.files.every((f: { status: string }) => f.status === 'loaded')).toBe(true);
    expect(summary).toMatchObject({
      ok: true,
      command: 'run',
      exit_code: 0,
      crisis_basins: { status: 'written', as_of: '2025-06-30' },
    });
    expect(readdirSync(path.join(t.out, 'bacini-crisi-2025-06-30')).sort()).toContain('bacini_crisi_provincia.parquet');
    // the data reach June 2025: 2025-H1 has just closed, so its report is written
    expect(summary.semiannual_report).toMatchObject({ semestre: '2025-H1', status: 'written' });
    expect(existsSync(path.join(t.out, 'rapporto-semestrale-2025-H1', 'report.html'))).toBe(true);
    expect(first.logs.filter((l) => typeof l.step === 'string').map((l) => l.step)).toContain('build');
    expect(first.logs.every((l) => typeof l.step !== 'string' || typeof l.ms === 'number')).toBe(true);

    const again = await runCli(['--db', t.db, 'run', '--inbox', t.inbox, '--out', t.out, '--as-of', '2025-06-30'], env);
    expect(again.code).toBe(0);
    expect(summaryOf(again.stdout).files.every((f: { status: string }) => f.status === 'skipped')).toBe(true);
    expect(summaryOf(again.stdout).build).toEqual({ status: 'up to date' });
    expect(summaryOf(again.stdout).semiannual_report).toMatchObject({ semestre: '2025-H1', status: 'already written' });
  });

  it('prints its JSON line when it cannot start: no --inbox, an inbox that is not there (exit 2)', async () => {
    const t = inbox(10);
    const missing = await runCli(['--db', t.db, 'run', '--out', t.out], env);
    expect(missing.code).toBe(2);
    expect(summaryOf(missing.stdout)).toMatchObject({ ok: false, command: 'run', exit_code: 2, inbox: null });
    expect(summaryOf(missing.stdout).error).toContain('--inbox');
    const absent = await runCli(['--db', t.db, 'run', '--inbox', path.join(t.dir, 'nowhere'), '--out', t.out], env);
    expect(absent.code).toBe(2);
    expect(summaryOf(absent.stdout).error).toContain('cannot read the inbox');
    expect(absent.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('exits 1 when a file fails, and still processes and reports the others', async () => {
    const t = inbox(200);
    writeFile(t.inbox, 'aaa_notes.csv', 'nome,valore\nx,1\n');
    const run = await runCli(['--db', t.db, 'run', '--inbox', t.inbox, '--out', t.out, '--as-of', '2025-06-30'], env);
    expect(run.code).toBe(1);
    const summary = summaryOf(run.stdout);
    expect(
      summary.files
        .filter((f: { status: string }) => f.status === 'failed')
        .map((f: { file: string }) => path.basename(f.file)),
    ).toEqual(['aaa_notes.csv']);
    expect(summary.files.filter((f: { status: string }) => f.status === 'loaded')).toHaveLength(14);
    expect(existsSync(path.join(t.out, 'bacini-crisi-2025-06-30', 'riepilogo.md'))).toBe(true);
  });

  it('unattended, puts an ISTAT permits file in its own table and refuses a flow it does not read', async () => {
    const t = inbox(50);
    const { copyFileSync } = await import('node:fs');
    copyFileSync(
      path.join(projectRoot, 'fixtures', 'istat', 'permessi_soggiorno_lombardia_2023_2024.csv'),
      path.join(t.inbox, 'istat_permessi.csv'),
    );
    writeFile(
      t.inbox,
      'istat_bilancio.csv',
      'DATAFLOW,FREQ,REF_AREA,DATA_TYPE,SEX,TIME_PERIOD,OBS_VALUE\nIT1:29_316_DF_DCIS_POPSTRBIL1_1(1.0),A,IT,ACQCITIZ,1,2019,60111\n',
    );
    const run = await runCli(['--db', t.db, 'run', '--inbox', t.inbox, '--out', t.out, '--as-of', '2025-06-30'], env);
    expect(run.code).toBe(1);
    const failed = summaryOf(run.stdout).files.filter((f: { status: string }) => f.status === 'failed');
    expect(failed.map((f: { file: string }) => path.basename(f.file))).toEqual(['istat_bilancio.csv']);
    // 234 permit rows (fixtures/istat/README.md), and not one of them a resident (the inbox's own ISTAT
    // residents extract loads as before).
    expect(
      await query(
        t.db,
        `SELECT (SELECT count(*) FROM istat_permessi)::INTEGER AS permessi,
                                     (SELECT count(*) FROM istat_residenti JOIN batches USING (batch_id)
                                      WHERE file_name = 'istat_permessi.csv')::INTEGER AS residenti`,
      ),
    ).toEqual([{ permessi: 234, residenti: 0 }]);
  });

  it('waits for a database held by another process, then fails saying who holds it', async () => {
    const t = inbox(50);
    // The holder keeps its instance and connection referenced: an unreferenced instance is closed by the
    // garbage collector, which releases the lock while the test still counts on it.
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `import('@duckdb/node-api').then(async (m) => {
      const i = await m.DuckDBInstance.create(${JSON.stringify(t.db)}); globalThis.held = [i, await i.connect()];
      console.log('held'); setInterval(() => {}, 1000); })`,
      ],
      { cwd: projectRoot },
    );
    try {
      await new Promise<void>((resolve) =>
        holder.stdout.on('data', (c: Buffer) => String(c).includes('held') && resolve()),
      );
      const t0 = Date.now();
      const run = await runCli(
        ['--db', t.db, 'run', '--inbox', t.inbox, '--out', t.out, '--as-of', '2025-06-30', '--wait-seconds', '2'],
        env,
      );
      expect(run.code).toBe(1);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(2000);
      // said on stderr and in the JSON line, there even though run stopped before its first step
      const summary = summaryOf(run.stdout);
      expect(summary).toMatchObject({
        ok: false,
        command: 'run',
        exit_code: 1,
        files: [],
        build: { status: 'skipped' },
      });
      for (const text of [summary.error as string, run.stderr]) {
        expect(text).toContain('in use by another process');
        expect(text).toContain(`PID ${holder.pid}`);
        expect(text).toContain('--wait-seconds');
      }
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('completes the work when re-run after being killed', async () => {
    const t = inbox(60_000);
    const child = spawn(
      process.execPath,
      [
        path.join(projectRoot, 'bin', 'co-pipeline.js'),
        '--db',
        t.db,
        'run',
        '--inbox',
        t.inbox,
        '--out',
        t.out,
        '--as-of',
        '2025-06-30',
      ],
      { env: { ...process.env, ...env } },
    );
    let stderr = '';
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (c: Buffer) => {
        stderr += String(c);
        if ((stderr.match(/run: ingest co/g) ?? []).length === 3) child.kill('SIGKILL');
      });
      child.on('exit', () => resolve());
    });
    expect(existsSync(path.join(t.out, 'bacini-crisi-2025-06-30'))).toBe(false);
    const rerun = await runCli(['--db', t.db, 'run', '--inbox', t.inbox, '--out', t.out, '--as-of', '2025-06-30'], env);
    expect(rerun.code).toBe(0);
    const statuses = summaryOf(rerun.stdout).files.map((f: { status: string }) => f.status);
    expect(statuses.filter((s: string) => s === 'skipped').length).toBeGreaterThanOrEqual(3);
    expect(statuses.every((s: string) => s !== 'failed')).toBe(true);
    expect(await query(t.db, "SELECT count(*)::INTEGER AS n FROM batches WHERE status = 'loaded'")).toEqual([
      { n: 14 },
    ]);
    expect(existsSync(path.join(t.out, 'bacini-crisi-2025-06-30', 'bacini_crisi_provincia.csv'))).toBe(true);
  }, 180_000);
});
