import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCo } from '../src/generate/generateCo.js';
import { projectRoot } from '../src/runtime/paths.js';
import { coCsv, coRow, ingest, query, TEST_KEY, tempDir, writeFile } from './helpers.js';

const state = (db: string) =>
  query(
    db,
    `
  SELECT (SELECT count(*) FROM co_comunicazioni)::INTEGER AS comunicazioni,
         (SELECT count(*) FROM batches)::INTEGER AS batches,
         (SELECT count(*) FROM rejects)::INTEGER AS rejects,
         (SELECT count(*) FROM co_ripetizioni)::INTEGER AS ripetizioni,
         (SELECT count(*) FROM batch_warnings)::INTEGER AS warnings,
         (SELECT sum(hash(codice_comunicazione, lavoratore_id, qualifica, batch_id, riga)) FROM co_comunicazioni)::VARCHAR AS checksum`,
  );

/** One large extract (some seconds of work) made of the generated months, and its first month. */
function generatedExtracts(dir: string): { big: string; first: string } {
  const { files } = generateCo({
    workers: 120_000,
    from: '2023-01',
    to: '2025-06',
    seed: 'kill',
    out: path.join(dir, 'gen'),
    identifiers: 'cf',
  });
  const big = path.join(dir, 'big.csv');
  writeFileSync(big, readFileSync(files[0]!));
  for (const f of files.slice(1)) appendFileSync(big, readFileSync(f, 'utf8').replace(/^[^\n]*\n/, ''));
  return { big, first: files[0]! };
}

/** Runs `ingest co FILES` and kills it 400 ms after the `times`-th file's transaction opens. */
async function killedIngest(db: string, files: string[], times: number): Promise<string> {
  const child = spawn(
    process.execPath,
    [path.join(projectRoot, 'bin', 'co-pipeline.js'), '--db', db, '--log-level', 'debug', 'ingest', 'co', ...files],
    { env: { ...process.env, CO_PSEUDONYM_KEY: TEST_KEY } },
  );
  let stderr = '';
  const opened = () => stderr.split('transaction open').length - 1;
  const exit = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    child.stderr.on('data', (chunk: Buffer) => {
      const before = opened();
      stderr += String(chunk);
      if (before < times && opened() >= times) setTimeout(() => child.kill('SIGKILL'), 400);
    });
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  expect(await exit).toEqual({ code: null, signal: 'SIGKILL' });
  return stderr;
}

describe('ingest co: one file, one transaction', () => {
  it('leaves the database exactly as before when killed mid-ingest, and a re-run completes', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'co.duckdb');
    await ingest(db, [writeFile(dir, 'small.csv', coCsv([coRow(), coRow({ codice_comunicazione: 'C2', sesso: '' })]))]);
    const before = await state(db);
    expect(before[0]).toMatchObject({ comunicazioni: 1, batches: 1, rejects: 1 });

    const { big } = generatedExtracts(dir);

    const stderr = await killedIngest(db, [big], 1);
    expect(stderr).not.toContain('file loaded');

    expect(await state(db)).toEqual(before);
    const rerun = await ingest(db, [big]);
    expect(rerun.results[0]).toMatchObject({ status: 'loaded', rows_rejected: 0 });
    expect(rerun.results[0]!.rows_read).toBeGreaterThan(200_000);
  });

  it('keeps the files committed before the kill of a many-file ingest (from the log, checkpointed once at the end)', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'co.duckdb');
    const { big, first } = generatedExtracts(dir);
    const alone = path.join(dir, 'alone.duckdb');
    await ingest(alone, [first]);
    const firstOnly = await state(alone);

    const stderr = await killedIngest(db, [first, big], 2);
    expect(stderr.split('file loaded').length - 1).toBe(1);
    // The first file was committed to the log only (no checkpoint before the end): reopening replays it.
    expect(statSync(`${db}.wal`).size).toBeGreaterThan(0);
    expect(await state(db)).toEqual(firstOnly);
    const rerun = await ingest(db, [first, big]);
    expect(rerun.results.map((r) => r.status)).toEqual(['skipped', 'loaded']);
  });
});
