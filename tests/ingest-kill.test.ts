import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
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

describe('ingest co: one file, one transaction', () => {
  it('leaves the database exactly as before when killed mid-ingest, and a re-run completes', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'co.duckdb');
    await ingest(db, [writeFile(dir, 'small.csv', coCsv([coRow(), coRow({ codice_comunicazione: 'C2', sesso: '' })]))]);
    const before = await state(db);
    expect(before[0]).toMatchObject({ comunicazioni: 1, batches: 1, rejects: 1 });

    // One large extract (some seconds of work) made of the generated months.
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

    const child = spawn(
      process.execPath,
      [path.join(projectRoot, 'bin', 'co-pipeline.js'), '--db', db, '--log-level', 'debug', 'ingest', 'co', big],
      { env: { ...process.env, CO_PSEUDONYM_KEY: TEST_KEY } },
    );
    let stderr = '';
    const exit = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        const seen = stderr.includes('transaction open');
        stderr += String(chunk);
        if (!seen && stderr.includes('transaction open')) setTimeout(() => child.kill('SIGKILL'), 400);
      });
      child.on('exit', (code, signal) => resolve({ code, signal }));
    });
    expect(await exit).toEqual({ code: null, signal: 'SIGKILL' });
    expect(stderr).not.toContain('file loaded');

    expect(await state(db)).toEqual(before);
    const rerun = await ingest(db, [big]);
    expect(rerun.results[0]).toMatchObject({ status: 'loaded', rows_rejected: 0 });
    expect(rerun.results[0]!.rows_read).toBeGreaterThan(200_000);
  });
});
