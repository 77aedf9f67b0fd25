import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../src/runtime/paths.js';
import { ingest, query, runCli, TEST_KEY, tempDir } from './helpers.js';

const fixture = path.join(projectRoot, 'fixtures', 'co-provisional', 'co_2025-07_provvisori.csv');
const pseudonym = (cf: string) => createHmac('sha256', TEST_KEY).update(cf).digest('hex').slice(0, 32);

/** The workers' codes of the fixture, line by line (README.md says what each is). */
const codes: Record<number, string> = {
  2: '98765432103',
  3: '91234567807',
  4: '98765432104',
  5: 'HSSMHM90C15Z330I',
  6: 'KHNFTM92H47Z236N',
  7: 'SNGMDO88E12Z343C',
  8: 'CHNLIA95L63Z210H',
  9: 'RSSLRA87D31F205M',
  10: 'BNDLCU93S12Z999S',
  11: 'DLLPLA89B18Z3PLK',
};

describe('ingest co: an extract with provisional codici fiscali (fixtures/co-provisional), end to end', () => {
  it('loads the provisional codes and the incoherent ones, rejects the wrong check digit, and counts each finding', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'co.duckdb');
    const run = await ingest(db, [fixture]);
    expect(run.code).toBe(0);
    // 10 rows (lines 2-11); line 4 is the only reject: 10 - 1 = 9 loaded.
    expect(run.results[0]).toMatchObject({ status: 'loaded', rows_read: 10, rows_loaded: 9, rows_rejected: 1 });
    // Worked by hand from the codes (README.md):
    // provisional: lines 2, 3 (98765432103: odd places 9+7+5+3+1 = 25, even places doubled 16-9, 12-9, 8, 4, 0 = 22,
    //   47 -> check 3; 91234567807: 29 + 14 = 43 -> check 7);
    // sex: line 6 (day 47 = a woman, row M) and line 8 (day 63 = a woman, row M);
    // birth date: line 7 (code 12 May 88, row 21 May 1988) and line 8 (code 23 July 95, row 24 July 1995);
    // impossible day: line 9 (31 April); unknown place: line 10 (Z999);
    // line 5 agrees in everything; line 11 too, read through omocodia (Z3PL = Z330 Morocco).
    expect(
      run.results[0]!.warnings.map((w: { code: string; n: number; message: string }) => [
        w.code,
        w.n,
        w.message.replace(/.*; lines /, ''),
      ]),
    ).toEqual([
      ['cf_comune_impossibile', 1, '10'],
      ['cf_data_impossibile', 1, '9'],
      ['cf_data_nascita_incoerente', 2, '7, 8'],
      ['cf_provvisorio', 2, '2, 3'],
      ['cf_sesso_incoerente', 2, '6, 8'],
    ]);
    expect(await query(db, 'SELECT line::INTEGER AS line, column_name, value, reason_code FROM rejects')).toEqual([
      {
        line: 4,
        column_name: 'lavoratore_cf',
        value: '[codice fiscale oscurato, 11 caratteri]',
        reason_code: 'invalid_provisional_codice_fiscale',
      },
    ]);
    // Every loaded worker under the same HMAC as any other code; the rows keep what the extract says.
    const loaded = await query<{ riga: number; lavoratore_id: string; sesso: string; nascita: string }>(
      db,
      'SELECT riga::INTEGER AS riga, lavoratore_id, sesso, data_nascita::VARCHAR AS nascita FROM co_comunicazioni ORDER BY riga',
    );
    expect(loaded.map((r) => r.riga)).toEqual([2, 3, 5, 6, 7, 8, 9, 10, 11]);
    for (const r of loaded) expect(r.lavoratore_id, `line ${r.riga}`).toBe(pseudonym(codes[r.riga]!));
    expect(loaded.find((r) => r.riga === 6)).toMatchObject({ sesso: 'M', nascita: '1992-06-07' });

    // status lists the same warnings, with line numbers only.
    const status = await runCli(['--db', db, 'status', '--json']);
    expect(status.stdout).toContain('cf_provvisorio');

    // No raw code anywhere: not in the database file, the logs, the warnings or the output.
    const files = readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name));
    const everything = [
      ...files.map((f) => readFileSync(f).toString('latin1')),
      run.stdout,
      run.stderr,
      run.logText,
      status.stdout,
    ].join('\n');
    for (const code of Object.values(codes)) expect(everything, code).not.toContain(code);
  });

  it("counts the provisional and the incoherent codes in the report's data-quality note", async () => {
    const dir = tempDir();
    const db = path.join(dir, 'co.duckdb');
    expect((await ingest(db, [fixture])).code).toBe(0);
    const out = path.join(dir, 'report');
    // the fixture is one month (2025-07): --allow-partial writes the semester all the same
    const report = await runCli([
      '--db',
      db,
      'report',
      'semiannual',
      '--semester',
      '2025-H2',
      '--out',
      out,
      '--allow-partial',
    ]);
    expect(report.code, report.stderr).toBe(0);
    const md = readFileSync(path.join(out, 'report.md'), 'utf8');
    // Lines 2 and 3 are provisional; the findings are line 6 (sex), 7 (birth date), 8 (sex and birth date),
    // 9 (impossible day), 10 (unknown place): 1 + 1 + 2 + 1 + 1 = 6, on 5 rows.
    expect(md).toContain('dato a chi è appena arrivato o chiede asilo): 2.');
    expect(md).toContain('una riga può averne più d’una): 6.');
  });
});
