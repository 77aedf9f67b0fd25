import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LIST, listValue, VARCHAR } from '@duckdb/node-api';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/openDatabase.js';
import { quoteIdent } from '../src/db/runScript.js';
import { spreadsheetSafe } from '../src/output/spreadsheetSafe.js';
import { renderMarkdown } from '../src/reports/page/renderMarkdown.js';
import type { ReportPage } from '../src/reports/page/reportModel.js';
import { writePublishedTable } from '../src/output/writePublishedTable.js';
import { query, readText, runCli, tempDir, type CoRow } from './helpers.js';
import { comm, worker } from './scenarios.js';

/** Values a spreadsheet runs as formulas (OWASP's list), and what a CSV or Markdown cell shows for them. */
const dangerous = ['=HYPERLINK("http://example.org/x","clic")', '+1+1', '-2+3', '@SUM(A1)', '\t=1+1', '\r=1+1'];
const neutralised = (v: string) => `'${v}`;
/** Text that must come out as it went in: plain numbers (signed too) and ordinary text. */
const harmless = ['-5', '-1.5', '+3', '-1,5', '2e-3', '1.234,5', 'M', 'Rossi-Bianchi', 'a=b', '', "'=già protetto"];

const csvRows = (file: string) => parse(readText(file), { columns: true }) as Record<string, string>[];

/**
 * Communications written straight into co_comunicazioni, as the ingest stores them
 * (upstream identifiers, Milano): the tests of the outputs do not depend on the ingest.
 */
async function seedDb(rows: CoRow[]): Promise<{ dir: string; db: string }> {
  const dir = tempDir();
  const db = path.join(dir, 'co.duckdb');
  const database = await openDatabase(db);
  try {
    const columns = (
      await database.all<{ column_name: string }>(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = 'co_comunicazioni' ORDER BY column_index",
      )
    ).map((c) => c.column_name);
    for (const [i, row] of rows.entries()) {
      const values: Record<string, string | number | null> = {
        ...row,
        provincia: 'MI',
        codice_provincia: '015',
        batch_id: 1,
        riga: i + 2,
      };
      await database.run(
        `INSERT INTO co_comunicazioni (${columns.map(quoteIdent).join(', ')}) VALUES (${columns.map((c) => `$${c}`).join(', ')})`,
        Object.fromEntries(columns.map((c) => [c, values[c] === '' || values[c] === undefined ? null : values[c]!])),
      );
    }
  } finally {
    database.close();
  }
  return { dir, db };
}

describe('the rule: which text a spreadsheet would run as a formula', () => {
  it('puts an apostrophe before = + - @ (tab, carriage return) and leaves plain numbers and other text alone', () => {
    expect(dangerous.map(spreadsheetSafe.text)).toEqual(dangerous.map(neutralised));
    expect(harmless.map(spreadsheetSafe.text)).toEqual(harmless);
  });

  it('gives the same answers as SQL, on the same values, as in TypeScript', async () => {
    const db = await openDatabase(':memory:');
    try {
      const values = [...dangerous, ...harmless];
      const rows = await db.all<{ safe: string }>(
        `SELECT ${spreadsheetSafe.sql('v')} AS safe FROM unnest($values) WITH ORDINALITY AS t(v, i) ORDER BY i`,
        { values: listValue(values) },
        { values: LIST(VARCHAR) },
      );
      expect(rows.map((r) => r.safe)).toEqual(values.map(spreadsheetSafe.text));
      expect(await db.one(`SELECT ${spreadsheetSafe.sql('NULL::VARCHAR')} AS safe`)).toEqual({ safe: null });
    } finally {
      db.close();
    }
  });
});

describe('CSV outputs: formulas neutralised, numbers untouched', () => {
  it('rejects.csv: a rejected value such as =1+1 comes out behind an apostrophe, -5 and the line number as they were', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'co.duckdb');
    // Written into the rejects table as the ingest records an invalid sesso (invalid_value).
    const values = ['=1+1', ...dangerous.slice(1), '-5'];
    const database = await openDatabase(db);
    try {
      for (const [i, value] of values.entries()) {
        await database.run(
          `INSERT INTO rejects VALUES (1, 'co_2025-01.csv', $line, 'sesso', $value, 'invalid_value',
          'value not allowed here: see the column list in the CO extract contract')`,
          { line: -(i + 2), value },
        );
      }
    } finally {
      database.close();
    }
    const out = path.join(dir, 'rejects.csv');
    const run = await runCli(['--db', db, 'rejects', '--out', out], {});
    expect(run.code, run.stderr).toBe(0);
    const rows = csvRows(out);
    expect(rows.map((r) => r.value)).toEqual(values.map((v) => (v === '-5' ? v : neutralised(v))).reverse());
    // A negative number in a numeric column (line, BIGINT) is a number: never touched.
    expect(rows.map((r) => r.line)).toEqual(values.map((_, i) => String(-(i + 2))).reverse());
  });

  it('flags.csv: pseudonyms or upstream ids that look like formulas are neutralised; JSON and Parquet keep them as they are', async () => {
    const ids = [...dangerous.slice(0, 4), '-5'];
    const { dir, db } = await seedDb(ids.map((id) => comm(worker(id), { data_fine: '2025-05-31' })));
    const out = (f: string) => path.join(dir, `flags.${f}`);
    for (const format of ['csv', 'json', 'parquet']) {
      const run = await runCli(
        ['--db', db, 'flags', '--as-of', '2025-03-31', '--format', format, '--out', out(format)],
        {},
      );
      expect(run.code, run.stderr).toBe(0);
    }
    const csv = csvRows(out('csv'));
    const sorted = [...ids].sort();
    expect(csv.map((r) => r.lavoratore_id).sort()).toEqual(sorted.map((v) => (v === '-5' ? v : neutralised(v))).sort());
    expect(csv.every((r) => r.fine_rapporto === '2025-05-31' && r.flag === 'CONTRACT_ENDING')).toBe(true);
    const json = JSON.parse(readText(out('json'))) as { lavoratore_id: string }[];
    expect(json.map((r) => r.lavoratore_id).sort()).toEqual(sorted);
    const parquet = await query<{ id: string }>(
      ':memory:',
      `SELECT lavoratore_id AS id FROM read_parquet('${out('parquet').replaceAll("'", "''")}')`,
    );
    expect(parquet.map((r) => r.id).sort()).toEqual(sorted);
  });

  it('crisi_aziendali.csv and riepilogo.md: employer ids that look like formulas are neutralised, the counts are not', async () => {
    const companies = [...dangerous.slice(0, 4), '-5'];
    const dates = ['2025-02-01', '2025-02-15', '2025-03-01', '2025-04-01', '2025-05-02'];
    const rows = companies.flatMap((company, c) =>
      dates.flatMap((d, i) => {
        const w = worker(`W${c}-${i}`);
        const start = '2024-01-08';
        return [
          comm(w, { datore_id: company, data_inizio: start, tipo_contratto: 'A.01.00' }),
          comm(w, {
            datore_id: company,
            tipo_evento: 'CES',
            data_inizio: start,
            data_invio: d,
            data_evento: d,
            motivo_cessazione: 'LI',
            tipo_contratto: 'A.01.00',
          }),
        ];
      }),
    );
    const { dir, db } = await seedDb(rows);
    const out = path.join(dir, 'basins');
    const run = await runCli(
      ['--db', db, 'crisis-basins', '--as-of', '2025-06-30', '--min-cell', '1', '--out', out],
      {},
    );
    expect(run.code, run.stderr).toBe(0);
    const csv = csvRows(path.join(out, 'crisi_aziendali.csv'));
    expect(csv.map((r) => r.datore_id).sort()).toEqual(companies.map((v) => (v === '-5' ? v : neutralised(v))).sort());
    expect(csv.every((r) => r.licenziamenti === '5' && r.di_cui_non_ue === '5' && r.quota_non_ue === '1.0')).toBe(true);
    const md = readFileSync(path.join(out, 'riepilogo.md'), 'utf8');
    for (const v of companies.slice(0, 4)) expect(md).toContain(`| ${neutralised(v)} | 5 | 5 |`);
    expect(md).toContain('| -5 | 5 | 5 |');
  });

  it('ORIM tables: a text value is neutralised in the CSV, not in the Parquet; negative counts stay numbers', async () => {
    const dir = tempDir();
    const db = await openDatabase(path.join(dir, 'co.duckdb'));
    try {
      await db.run(`CREATE TEMP TABLE orim_prova AS
        SELECT * FROM (VALUES ('=HYPERLINK("http://example.org")', 10, -4), ('+1+1', 20, 3), ('-2+3', 30, -1), ('@SUM(A1)', 40, 0), ('-5', 50, -7))
          AS t(nome, attivazioni, saldo)`);
      const base = path.join(dir, 'tables', 'prova');
      await writePublishedTable(db, {
        source: 'orim_prova',
        hideable: ['attivazioni', 'saldo'],
        exact: [],
        keyColumns: ['nome'],
        withheld: new Map(),
        base,
      });
      const csv = csvRows(`${base}.csv`);
      expect(csv.map((r) => [r.nome, r.attivazioni, r.saldo])).toEqual([
        ["'+1+1", '20', '3'],
        ["'-2+3", '30', '-1'],
        ['-5', '50', '-7'],
        [`'=HYPERLINK("http://example.org")`, '10', '-4'],
        ["'@SUM(A1)", '40', '0'],
      ]);
      const parquet = await db.all<{ nome: string }>(`SELECT nome FROM read_parquet($f) ORDER BY attivazioni`, {
        f: `${base}.parquet`,
      });
      expect(parquet.map((r) => r.nome)).toEqual([
        '=HYPERLINK("http://example.org")',
        '+1+1',
        '-2+3',
        '@SUM(A1)',
        '-5',
      ]);
    } finally {
      db.close();
    }
  });
});

describe('Markdown outputs: report.md', () => {
  it('neutralises text cells that look like formulas and leaves number columns as formatted', () => {
    const report: ReportPage = {
      title: 'Rapporto',
      subtitle: 'prova',
      generated: '2026-01-01',
      headline: [{ label: '=1+1', value: -5, kind: 'count' }],
      sections: [
        {
          id: 's',
          title: 'Sezione',
          paragraphs: [],
          charts: [],
          tables: [
            {
              title: 'Tavola',
              source: 'Fonte: prova',
              suppressed: 0,
              columns: [
                { label: 'cittadinanza', kind: 'text' },
                { label: 'variazione', kind: 'change' },
                { label: 'saldo', kind: 'count' },
              ],
              rows: [...dangerous.slice(0, 4), '-5'].map((v, i) => [v, -2.5, -(i + 1)]),
            },
          ],
        },
      ],
    };
    const md = renderMarkdown(report);
    expect(md).toContain("| '=1+1 | -5 |");
    expect(md).toContain(`| '=HYPERLINK("http://example.org/x","clic") | -2,5% | -1 |`);
    expect(md).toContain("| '+1+1 | -2,5% | -2 |");
    expect(md).toContain("| '-2+3 | -2,5% | -3 |");
    expect(md).toContain("| '@SUM(A1) | -2,5% | -4 |");
    expect(md).toContain('| -5 | -2,5% | -5 |');
  });
});
