import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { Database } from '../src/db/Database.js';
import { writeExcelWorkbook, writeItalianExcelCsv, type ExcelTable } from '../src/output/writeExcelTables.js';
import { runCli, tempDir } from './helpers.js';
import { comm, scenarioDb, worker } from './scenarios.js';

async function tableDb() {
  const instance = await DuckDBInstance.create(':memory:');
  const db = new Database(':memory:', instance, await instance.connect());
  // Two published rows: Bergamo in full, Lecco's count suppressed (NULL, soppressa); a label
  // a spreadsheet would run as a formula; a rate with decimals; a CP2011 code Excel would turn into a date.
  await db.run(`CREATE TEMP TABLE pub AS SELECT * FROM (VALUES
    ('2025-H1', DATE '2025-06-30', 'BG', '016', '2.1.1', '=HYPERLINK("x")', 12::BIGINT, 12.5::DOUBLE, false),
    ('2025-H1', DATE '2025-06-30', 'LC', '097', '5', 'Lecco', NULL::BIGINT, NULL::DOUBLE, true))
    t(semestre, data, provincia, codice_provincia, professione, etichetta, attivazioni, tasso, soppressa)`);
  const table: ExcelTable = {
    name: 'prova',
    title: 'Tavola di prova',
    source: 'pub',
    measures: ['attivazioni', 'tasso'],
    fields: [
      { name: 'semestre', type: 'VARCHAR', description: 'Semestre' },
      { name: 'data', type: 'DATE', description: 'Data' },
      { name: 'provincia', type: 'VARCHAR', description: 'Sigla della provincia' },
      { name: 'codice_provincia', type: 'VARCHAR', description: 'Codice ISTAT della provincia' },
      { name: 'professione', type: 'VARCHAR', description: 'Codice CP2011' },
      { name: 'etichetta', type: 'VARCHAR', description: 'Etichetta' },
      { name: 'attivazioni', type: 'BIGINT', description: 'Attivazioni' },
      { name: 'tasso', type: 'DOUBLE', description: 'Tasso' },
      { name: 'soppressa', type: 'BOOLEAN', description: 'Riga soppressa' },
    ],
  };
  return { db, table };
}

describe('tables for people who open them in Excel', () => {
  it('writes the CSV as Italian Excel opens it: ";", UTF-8 with BOM, CRLF, decimal comma, codes as text, n.p.', async () => {
    const { db, table } = await tableDb();
    const file = path.join(tempDir(), 'excel', 'prova.csv');
    await writeItalianExcelCsv(db, table, file);
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe(
      'semestre;data;provincia;codice_provincia;professione;etichetta;attivazioni;tasso;soppressa\r\n' +
        // codes Excel would read as numbers or dates are ="..." (quoted, their quotes doubled); the formula gets an apostrophe
        '2025-H1;30/06/2025;BG;"=""016""";"=""2.1.1""";"\'=HYPERLINK(""x"")";12;12,5;no\r\n' +
        '2025-H1;30/06/2025;LC;"=""097""";"=""5""";Lecco;n.p.;n.p.;sì\r\n',
    );
  });

  it('writes a workbook: a sheet per table with typed cells, n.p. where suppressed, and the dictionary', async () => {
    const { db, table } = await tableDb();
    const file = path.join(tempDir(), 'tavole.xlsx');
    await writeExcelWorkbook(db, [table], file, 'Tavole di prova');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Dizionario', 'prova']);
    const sheet = book.getWorksheet('prova')!;
    const row = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(row(1)).toEqual(table.fields.map((f) => f.name));
    expect(row(2)).toEqual([
      '2025-H1',
      new Date('2025-06-30T00:00:00Z'),
      'BG',
      '016',
      '2.1.1',
      '\'=HYPERLINK("x")',
      12,
      12.5,
      'no',
    ]);
    expect(row(3)).toEqual([
      '2025-H1',
      new Date('2025-06-30T00:00:00Z'),
      'LC',
      '097',
      '5',
      'Lecco',
      'n.p.',
      'n.p.',
      'sì',
    ]);
    const dictionary = book.getWorksheet('Dizionario')!;
    expect((dictionary.getRow(1).values as unknown[]).slice(1)).toEqual(['Tavola', 'Colonna', 'Tipo', 'Descrizione']);
    expect((dictionary.getRow(2).values as unknown[]).slice(1)).toEqual(['prova', '', '', 'Tavola di prova']);
    expect((dictionary.getRow(6).values as unknown[]).slice(1)).toEqual([
      'prova',
      'codice_provincia',
      'testo',
      'Codice ISTAT della provincia',
    ]);
  });

  it('report semiannual --excel writes them beside the ORIM tables: one Italian CSV and one sheet per table, and the dictionary', async () => {
    const { dir, db } = await scenarioDb([comm(worker('A'), { data_inizio: '2025-02-01', data_fine: '2025-04-30' })]);
    const out = path.join(dir, 'report');
    // one communication does not cover the semester: --allow-partial writes it all the same
    const run = await runCli([
      '--db',
      db,
      'report',
      'semiannual',
      '--semester',
      '2025-H1',
      '--out',
      out,
      '--excel',
      '--allow-partial',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const pkg = JSON.parse(readFileSync(path.join(out, 'tables', 'datapackage.json'), 'utf8')) as {
      resources: { name: string }[];
    };
    const names = pkg.resources.map((r) => r.name);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path.join(out, 'tables', 'tavole.xlsx'));
    expect(book.worksheets.map((s) => s.name)).toEqual(['Dizionario', ...names.map((n) => n.slice(0, 31))]);
    for (const name of names) {
      const csv = readFileSync(path.join(out, 'tables', 'excel', `${name}.csv`));
      expect([...csv.subarray(0, 3)], name).toEqual([0xef, 0xbb, 0xbf]);
    }
    // One hire in Milano (015): the province code stays text, and the one activation is below 5, so n.p.
    const flows = readFileSync(path.join(out, 'tables', 'excel', 'co_flussi_contratto.csv'), 'utf8');
    expect(flows).toContain(';MI;"=""015""";');
    expect(flows).toContain('n.p.');
  });
});
