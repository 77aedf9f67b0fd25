import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCo } from '../src/generate/generateCo.js';
import { projectRoot } from '../src/runtime/paths.js';
import { coCsv, coRow, header, ingest, query, readText, runCli, TEST_KEY, tempDir, writeFile } from './helpers.js';

/** Every raw codice fiscale or partita IVA (worker or employer) in generated extracts. */
function rawCodes(files: string[]): string[] {
  const codes = new Set<string>();
  for (const file of files) {
    const [head, ...rows] = readText(file).trim().split('\n');
    const idx = ['lavoratore_cf', 'datore_cf'].map((c) => head!.split(';').indexOf(c));
    for (const r of rows) for (const i of idx) codes.add(r.split(';')[i]!);
  }
  codes.delete('');
  return [...codes];
}

/** Every file under the folders (recursively), as bytes. */
function filesUnder(...dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    if (!existsSync(p)) return;
    if (statSync(p).isDirectory()) for (const e of readdirSync(p)) walk(path.join(p, e));
    else out.push(p);
  };
  dirs.forEach(walk);
  return out;
}

/**
 * The codes found in the bytes of the files. A codice fiscale is looked for anywhere
 * in a run of letters and digits (DuckDB may store strings back to back); a partita
 * IVA only as 11 digits of their own, since the 16-digit codici comunicazione of the
 * generated data hold 11-digit substrings of every kind.
 */
function leaked(codes: string[], files: string[]): string[] {
  const wanted = new Set(codes);
  const found = new Set<string>();
  for (const file of files) {
    const text = readFileSync(file).toString('latin1');
    for (const [run] of text.matchAll(/[A-Z0-9]{16,}/g)) {
      for (let i = 0; i + 16 <= run.length; i++) if (wanted.has(run.slice(i, i + 16))) found.add(run.slice(i, i + 16));
    }
    for (const [piva] of text.matchAll(/(?<![0-9])[0-9]{11}(?![0-9])/g)) if (wanted.has(piva)) found.add(piva);
  }
  return [...found];
}

const cli = path.join(projectRoot, 'bin', 'co-pipeline.js');

describe('privacy: no raw codice fiscale in the database, its spill files or the temporary folder', () => {
  const fixture = tempDir();
  const { files } = generateCo({
    workers: 3000,
    from: '2024-01',
    to: '2024-03',
    seed: 'scan',
    out: fixture,
    identifiers: 'cf',
  });
  const codes = rawCodes(files);

  it('finds none in 20 fresh ingests, half of them under a 256 MB memory limit', async () => {
    expect(codes.length).toBeGreaterThan(1000);
    const found: string[] = [];
    for (let i = 0; i < 20; i++) {
      const dir = tempDir();
      const tmp = path.join(dir, 'tmp');
      mkdirSync(tmp);
      const db = path.join(dir, 'co.duckdb');
      // In this process: the copies go to os.tmpdir(), which follows TMPDIR (read by Node, not through deps.env).
      const saved = { TMPDIR: process.env.TMPDIR };
      Object.assign(process.env, { TMPDIR: tmp });
      try {
        const run = await runCli(['--db', db, 'ingest', 'co', ...files], {
          CO_PSEUDONYM_KEY: TEST_KEY,
          CO_MEMORY_LIMIT: i % 2 ? '256MB' : '',
        });
        expect({ code: run.code, said: run.stdout + run.stderr }).toMatchObject({ code: 0 });
        found.push(...codes.filter((c) => `${run.stdout}${run.stderr}${run.logText}`.toUpperCase().includes(c)));
      } finally {
        for (const [k, v] of Object.entries(saved))
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
      }
      found.push(...leaked(codes, filesUnder(dir)));
    }
    expect(found).toEqual([]);
  }, 120_000);

  it('finds none after a kill in the middle of an ingest, nor in its temporary copy', async () => {
    const dir = tempDir();
    // One extract large enough to be killed in the middle of (some 76,000 rows).
    const months = generateCo({
      workers: 60_000,
      from: '2024-01',
      to: '2024-12',
      seed: 'kill',
      out: path.join(dir, 'gen'),
      identifiers: 'cf',
    }).files;
    const big = path.join(dir, 'gen', 'big.csv');
    writeFileSync(big, months.map((f, i) => (i ? readText(f).replace(/^[^\n]*\n/, '') : readText(f))).join(''));
    const bigCodes = rawCodes([big]);
    const tmp = path.join(dir, 'tmp');
    mkdirSync(tmp);
    const db = path.join(dir, 'co.duckdb');
    const child = spawn(process.execPath, [cli, '--db', db, '--log-level', 'debug', 'ingest', 'co', big], {
      env: { ...process.env, CO_PSEUDONYM_KEY: TEST_KEY, CO_MEMORY_LIMIT: '256MB', TMPDIR: tmp },
    });
    let stderr = '';
    const exit = new Promise<string | null>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += String(chunk);
        if (stderr.includes('header accepted')) child.kill('SIGKILL'); // the copy is written: DuckDB reads it now
      });
      child.on('exit', (_code, signal) => resolve(signal));
    });
    expect(await exit).toBe('SIGKILL');
    const left = filesUnder(path.join(dir, 'co.duckdb.tmp'), db, `${db}.wal`, tmp);
    expect(left.some((f) => f.endsWith('copy.csv'))).toBe(true); // the kill left the copy behind...
    expect(leaked(bigCodes, left)).toEqual([]); // ...and it holds pseudonyms, not codici fiscali
  }, 60_000);
});

describe('privacy: a codice fiscale in the wrong column is masked wherever it would show', () => {
  it('masks it in every column of the rejects, and refuses it in an identifier column', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'co.duckdb');
    const cf = 'RSSMRA85T10A562S';
    const piva = '01234567897';
    const file = writeFile(
      dir,
      'wrong.csv',
      coCsv([
        coRow(),
        coRow({ codice_comunicazione: 'C2', sesso: cf }),
        coRow({ codice_comunicazione: 'C3', data_nascita: cf.toLowerCase() }),
        coRow({ codice_comunicazione: 'C4', qualifica: piva }),
        coRow({ codice_comunicazione: 'C5', tipo_contratto: ` ${cf} ` }),
      ]),
    );
    const run = await ingest(db, [file]);
    expect(run.results[0]).toMatchObject({ status: 'loaded', rows_loaded: 1, rows_rejected: 4 });
    expect(
      await query(db, 'SELECT line::INTEGER AS line, column_name, value, reason_code FROM rejects ORDER BY line'),
    ).toEqual([
      { line: 3, column_name: 'sesso', value: '[CODICE FISCALE OSCURATO, 16 CARATTERI]', reason_code: 'invalid_value' },
      {
        line: 4,
        column_name: 'data_nascita',
        value: '[codice fiscale oscurato, 16 caratteri]',
        reason_code: 'invalid_date',
      },
      {
        line: 5,
        column_name: 'qualifica',
        value: '[codice fiscale oscurato, 11 caratteri]',
        reason_code: 'raw_identifier',
      },
      {
        line: 6,
        column_name: 'tipo_contratto',
        value: '[CODICE FISCALE OSCURATO, 16 CARATTERI]',
        reason_code: 'raw_identifier',
      },
    ]);
    const out = path.join(dir, 'rejects.csv');
    await runCli(['--db', db, 'rejects', '--out', out]);
    const text = [readText(out), readFileSync(db).toString('latin1'), run.logText].join('\n').toUpperCase();
    expect(text).not.toContain(cf);

    // An upstream identifier column holding a raw code: never stored, the row says where it belongs.
    const columns = header.map((c) => (c === 'lavoratore_cf' ? 'lavoratore_id' : c === 'datore_cf' ? 'datore_id' : c));
    const ids = writeFile(
      dir,
      'ids.csv',
      coCsv(
        [
          coRow({ lavoratore_id: 'LAV1', datore_id: 'DAT1' }),
          coRow({ codice_comunicazione: 'I2', lavoratore_id: cf, datore_id: piva }),
        ],
        { columns },
      ),
    );
    const other = path.join(dir, 'ids.duckdb');
    expect((await ingest(other, [ids], [], {})).results[0]).toMatchObject({ rows_loaded: 1, rows_rejected: 1 });
    expect(await query(other, 'SELECT column_name, reason_code, reason FROM rejects ORDER BY 1')).toEqual([
      {
        column_name: 'datore_id',
        reason_code: 'raw_identifier',
        reason: expect.stringContaining('lavoratore_cf or datore_cf'),
      },
      { column_name: 'lavoratore_id', reason_code: 'raw_identifier', reason: expect.stringContaining('pseudonymised') },
    ]);
  });

  it('masks it with text around it, in a header name and in a codice comunicazione, and never stores it', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'co.duckdb');
    const cfs = ['VRDLGU61A01F205Q', 'VRDLGU62A01F205R', 'VRDLGU64A01F205T', 'VRDLGU65A01F205U'];
    const columns = [...header, cfs[0]!];
    const file = writeFile(
      dir,
      'around.csv',
      coCsv(
        [
          { ...coRow(), [cfs[0]!.toLowerCase()]: 'x' },
          { ...coRow({ codice_comunicazione: cfs[1]! }), [cfs[0]!.toLowerCase()]: 'x' },
          { ...coRow({ codice_comunicazione: 'C3', tipo_contratto: `CF:${cfs[2]}` }), [cfs[0]!.toLowerCase()]: 'x' },
          {
            ...coRow({ codice_comunicazione: 'C4', qualifica: `${cfs[3]!.slice(0, 8)}\u200b${cfs[3]!.slice(8)}` }),
            [cfs[0]!.toLowerCase()]: 'x',
          },
          { ...coRow({ codice_comunicazione: 'C5', qualifica: 'IT01234567897' }), [cfs[0]!.toLowerCase()]: 'x' },
        ],
        { columns },
      ),
    );
    const run = await ingest(db, [file], ['--log-level', 'debug']);
    expect(run.results[0]).toMatchObject({ rows_loaded: 1, rows_rejected: 4 });
    expect(
      await query(db, 'SELECT line::INTEGER AS line, column_name, reason_code FROM rejects ORDER BY line'),
    ).toEqual([
      { line: 3, column_name: 'codice_comunicazione', reason_code: 'raw_identifier' },
      { line: 4, column_name: 'tipo_contratto', reason_code: 'raw_identifier' },
      { line: 5, column_name: 'qualifica', reason_code: 'raw_identifier' },
      { line: 6, column_name: 'qualifica', reason_code: 'raw_identifier' },
    ]);
    expect(run.results[0]!.warnings[0]).toMatchObject({
      code: 'extra_columns',
      message: expect.stringContaining('[codice fiscale oscurato, 16 caratteri]'),
    });
    const everything = [
      readFileSync(db).toString('latin1'),
      existsSync(`${db}.wal`) ? readFileSync(`${db}.wal`).toString('latin1') : '',
      run.stdout,
      run.logText,
      (await runCli(['--db', db, 'status', '--json'])).stdout,
    ]
      .join('\n')
      .toUpperCase();
    expect([...cfs, '01234567897', 'RSSMRA85T10A562S'].filter((cf) => everything.includes(cf))).toEqual([]);
  });

  it('masks it in an INPS extract too, which has no identifier column (ISTAT files take the same copy)', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'co.duckdb');
    const cf = 'RSSMRA85T10A562S';
    const inps = writeFile(
      dir,
      'inps.csv',
      [
        'periodo;provincia;prestazione;cittadinanza;sesso;beneficiari;ore_autorizzate',
        '2025-H1;MI;NASPI;NUE;F;10;',
        `2025-H1;MI;${cf};NUE;F;10;`,
        `2025-H1;MI;NASPI;NUE;${cf};10;`,
        '',
      ].join('\n'),
    );
    const run = await runCli(['--db', db, 'ingest', 'inps', inps], {});
    expect(run.code).toBe(0);
    expect(
      await query(db, 'SELECT line::INTEGER AS line, column_name, value, reason_code FROM rejects ORDER BY line'),
    ).toEqual([
      {
        line: 3,
        column_name: 'prestazione',
        value: '[CODICE FISCALE OSCURATO, 16 CARATTERI]',
        reason_code: 'raw_identifier',
      },
      { line: 4, column_name: 'sesso', value: '[CODICE FISCALE OSCURATO, 16 CARATTERI]', reason_code: 'invalid_value' },
    ]);
    expect(readFileSync(db).toString('latin1')).not.toContain(cf);
  });
});

describe("privacy: the pseudonym key is the database's for life", () => {
  it('keeps a fingerprint of the key, never the key, and refuses another key with exit 2', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'co.duckdb');
    const first = writeFile(dir, 'a.csv', coCsv([coRow({ codice_comunicazione: 'A' })]));
    const second = writeFile(dir, 'b.csv', coCsv([coRow({ codice_comunicazione: 'B' })]));
    expect((await ingest(db, [first])).code).toBe(0);
    const [meta] = await query<{ value: string }>(db, "SELECT value FROM meta WHERE key = 'pseudonym_key_fingerprint'");
    expect(meta!.value).toMatch(/^[0-9a-f]{16}$/);
    expect(readFileSync(db).toString('latin1')).not.toContain(TEST_KEY);

    const otherKey = { CO_PSEUDONYM_KEY: 'another-key-0123456789-xyz' };
    const refused = await runCli(['--db', db, 'ingest', 'co', second], otherKey);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('The pseudonym key differs from the one the database');
    expect(refused.stderr).toContain('Use the original key');
    const inbox = path.join(dir, 'inbox');
    writeFile(inbox, 'b.csv', coCsv([coRow({ codice_comunicazione: 'B' })]));
    expect((await runCli(['--db', db, 'run', '--inbox', inbox, '--out', path.join(dir, 'out')], otherKey)).code).toBe(
      2,
    );
    expect(await query(db, 'SELECT count(*)::INTEGER AS n FROM co_comunicazioni')).toEqual([{ n: 1 }]);

    expect((await ingest(db, [second])).code).toBe(0); // the right key still works
    // Upstream identifiers need no key, so they never meet the check.
    const columns = header.map((c) => (c === 'lavoratore_cf' ? 'lavoratore_id' : c === 'datore_cf' ? 'datore_id' : c));
    const ids = writeFile(
      dir,
      'ids.csv',
      coCsv([coRow({ codice_comunicazione: 'I', lavoratore_id: 'LAV1', datore_id: 'DAT1' })], { columns }),
    );
    expect((await ingest(db, [ids], [], {})).code).toBe(0);
  });
});
