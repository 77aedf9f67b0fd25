import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCo } from '../src/generate/generateCo.js';
import { coCsv, coRow, ingest, query, readText, runCli, TEST_KEY, tempDir, writeFile } from './helpers.js';

/** Every raw codice fiscale (worker or employer) in a generated extract. */
function rawCfs(file: string): Set<string> {
  const [head, ...rows] = readText(file).trim().split('\n');
  const cols = head!.split(';');
  const idx = ['lavoratore_cf', 'datore_cf'].map((c) => cols.indexOf(c));
  return new Set(rows.flatMap((r) => idx.map((i) => r.split(';')[i]!)).filter(Boolean));
}

describe('privacy: raw codici fiscali never stored or logged', () => {
  it('leaves no raw codice fiscale in the database file, the logs or the outputs', async () => {
    const dir = tempDir();
    const { files } = generateCo({
      workers: 300,
      from: '2024-01',
      to: '2024-03',
      seed: 'privacy',
      out: dir,
      identifiers: 'cf',
    });
    // Plus a row whose codice fiscale has a wrong check character: it is rejected, and must not leak either.
    const badCf = 'BNCGVN80A41F205X';
    files.push(
      writeFile(
        dir,
        'bad.csv',
        coCsv([coRow({ codice_comunicazione: 'BAD', lavoratore_cf: badCf }), coRow({ codice_comunicazione: 'GOOD' })]),
      ),
    );
    const cfs = new Set([...files.flatMap((f) => [...rawCfs(f)]), badCf]);
    expect(cfs.size).toBeGreaterThan(100);

    const db = path.join(dir, 'co.duckdb');
    const run = await ingest(db, files);
    expect(run.code).toBe(0);
    expect(run.results.every((r) => r.status === 'loaded')).toBe(true);
    const rejectsCsv = path.join(dir, 'rejects.csv');
    const exported = await runCli(['--db', db, 'rejects', '--out', rejectsCsv]);
    const status = await runCli(['--db', db, 'status', '--json']);
    expect(readText(rejectsCsv)).toContain('invalid_codice_fiscale');

    const outputs = [
      run.stdout,
      run.stderr,
      run.logText,
      exported.stdout,
      exported.logText,
      status.stdout,
      readText(rejectsCsv),
    ].join('\n');
    const stored = [db, `${db}.wal`]
      .filter(existsSync)
      .map((f) => readFileSync(f).toString('latin1'))
      .join('');
    const leaked = [...cfs].filter((cf) => outputs.includes(cf) || stored.includes(cf));
    expect(leaked).toEqual([]);
  });

  it('stores the HMAC-SHA-256 of the codice fiscale under the operator key, the same across extracts', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'co.duckdb');
    const a = writeFile(dir, 'a.csv', coCsv([coRow({ codice_comunicazione: 'A' })]));
    const b = writeFile(dir, 'b.csv', coCsv([coRow({ codice_comunicazione: 'B', lavoratore_cf: 'rssmra85t10a562s' })]));
    await ingest(db, [a, b]);
    const expected = createHmac('sha256', TEST_KEY).update('RSSMRA85T10A562S').digest('hex').slice(0, 32);
    const employer = createHmac('sha256', TEST_KEY).update('01234567897').digest('hex').slice(0, 32);
    expect(
      await query(db, 'SELECT codice_comunicazione AS c, lavoratore_id, datore_id FROM co_comunicazioni ORDER BY 1'),
    ).toEqual([
      { c: 'A', lavoratore_id: expected, datore_id: employer },
      { c: 'B', lavoratore_id: expected, datore_id: employer },
    ]);
    // Another key, another pseudonym: without the key the pseudonym cannot be recomputed.
    const other = path.join(dir, 'other.duckdb');
    await ingest(other, [a], [], { CO_PSEUDONYM_KEY: 'another-key-0123456789-xyz' });
    const [row] = await query<{ lavoratore_id: string }>(other, 'SELECT lavoratore_id FROM co_comunicazioni');
    expect(row!.lavoratore_id).not.toBe(expected);
  });

  it('reads the key from --key-file', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'co.duckdb');
    const keyFile = writeFile(dir, 'key.txt', `${TEST_KEY}\n`);
    const file = writeFile(dir, 'a.csv', coCsv([coRow()]));
    const run = await runCli(['--db', db, '--key-file', keyFile, 'ingest', 'co', file], {});
    expect(run.code).toBe(0);
    const expected = createHmac('sha256', TEST_KEY).update('RSSMRA85T10A562S').digest('hex').slice(0, 32);
    expect(await query(db, 'SELECT lavoratore_id FROM co_comunicazioni')).toEqual([{ lavoratore_id: expected }]);
  });

  it('refuses raw codici fiscali without a key, with a message saying what to do', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'co.duckdb');
    const run = await ingest(db, [writeFile(dir, 'a.csv', coCsv([coRow()]))], [], {});
    expect(run.code).toBe(2);
    expect(run.results[0]).toMatchObject({ status: 'failed' });
    expect(run.results[0]!.error).toContain('CO_PSEUDONYM_KEY');
    expect(run.results[0]!.error).toContain('--key-file');
    expect(await query(db, 'SELECT count(*)::INTEGER AS n FROM co_comunicazioni')).toEqual([{ n: 0 }]);
  });

  it('loads upstream identifiers (lavoratore_id, datore_id) as they are, without a key', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'co.duckdb');
    const { files } = generateCo({
      workers: 50,
      from: '2024-01',
      to: '2024-02',
      seed: 'ids',
      out: dir,
      identifiers: 'id',
    });
    const run = await ingest(db, files, [], {});
    expect(run.code).toBe(0);
    expect(run.results.every((r) => r.rows_rejected === 0 && r.status === 'loaded')).toBe(true);
    const [row] = await query<{ ok: boolean }>(
      db,
      "SELECT bool_and(lavoratore_id LIKE 'LAV%' AND datore_id LIKE 'DAT%') AS ok FROM co_comunicazioni",
    );
    expect(row!.ok).toBe(true);
  });
});
