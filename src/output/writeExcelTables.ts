import { readFileSync, writeFileSync } from 'node:fs';
import { writeBeside } from './writeBeside.js';
import type { CellValue } from 'exceljs';
import type { Database } from '../db/Database.js';
import { quoteIdent } from '../db/runScript.js';
import { spreadsheetSafe } from './spreadsheetSafe.js';

/** One published table as the Excel copies need it: its rows and its dictionary. */
export interface ExcelTable {
  name: string;
  /** What the table is, in Italian (the sheet's title and the dictionary's first line). */
  title: string;
  /** A temporary table with the published rows (suppressed measures NULL, soppressa true). */
  source: string;
  fields: { name: string; type: string; description: string }[];
  /** Measure columns: NULL there in a suppressed row shows as "n.p.". */
  measures: readonly string[];
}

/** What a reader of the Excel copies sees in a suppressed cell. */
const SUPPRESSED_MARK = 'n.p.';

const isNumeric = (type: string) => /INT|DOUBLE|DECIMAL|FLOAT|REAL/.test(type);
const isDecimal = (type: string) => /DOUBLE|DECIMAL|FLOAT|REAL/.test(type);

/**
 * One column of the Italian-Excel CSV, as a DuckDB expression over the published table:
 * decimals with a comma; a code Excel would turn into a number or a date (016, 2.1.1)
 * written as ="016", the form Excel shows as the text it holds; yes/no in Italian;
 * suppressed measures as n.p.; other text through the spreadsheet-safety rule.
 */
function italianCell(field: ExcelTable['fields'][number], measure: boolean): string {
  const c = quoteIdent(field.name);
  const missing = measure ? `'${SUPPRESSED_MARK}'` : "''";
  if (field.type === 'BOOLEAN') return `CASE WHEN ${c} IS NULL THEN '' WHEN ${c} THEN 'sì' ELSE 'no' END`;
  if (isDecimal(field.type)) return `coalesce(replace(${c}::VARCHAR, '.', ','), ${missing})`;
  if (isNumeric(field.type)) return `coalesce(${c}::VARCHAR, ${missing})`;
  if (field.type === 'DATE') return `coalesce(strftime(${c}, '%d/%m/%Y'), '')`;
  const text = `${c}::VARCHAR`;
  return `coalesce(CASE WHEN regexp_full_match(${text}, '[0-9][0-9.,/-]*') THEN '="' || ${text} || '"' ELSE ${spreadsheetSafe.sql(text)} END, '')`;
}

/**
 * The CSV of a table as Italian Excel opens it with a double click: ';' between
 * fields, UTF-8 with a byte-order mark (without it Excel reads Windows-1252), CRLF
 * line ends, decimals with a comma, dates as dd/mm/yyyy, codes kept as text.
 */
export async function writeItalianExcelCsv(db: Database, table: ExcelTable, file: string): Promise<void> {
  const columns = table.fields
    .map((f) => `${italianCell(f, table.measures.includes(f.name))} AS ${quoteIdent(f.name)}`)
    .join(', ');
  await writeBeside(file, async (temporary) => {
    const raw = `${temporary}.raw`;
    await db.run(
      `COPY (SELECT ${columns} FROM ${quoteIdent(table.source)} ORDER BY ALL) TO $target
                  (FORMAT csv, HEADER true, DELIMITER ';', QUOTE '"', NEW_LINE '\r\n', USE_TMP_FILE false)`,
      { target: raw },
    );
    writeFileSync(temporary, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(raw)]));
  });
}

/**
 * A workbook of the tables: a sheet per table (typed cells: codes as text, counts
 * as numbers, "n.p." where a count is suppressed) and a "Dizionario" sheet with
 * every column's type and Italian description.
 */
export async function writeExcelWorkbook(
  db: Database,
  tables: ExcelTable[],
  file: string,
  title: string,
): Promise<void> {
  // Loaded here, not when the program starts: only a report writes a workbook, and exceljs takes about 0.3 s to load.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.title = title;
  workbook.creator = 'co-pipeline';
  const dictionary = workbook.addWorksheet('Dizionario');
  dictionary.columns = [
    { header: 'Tavola', width: 26 },
    { header: 'Colonna', width: 28 },
    { header: 'Tipo', width: 10 },
    { header: 'Descrizione', width: 90 },
  ];
  for (const table of tables) {
    dictionary.addRow([table.name, '', '', table.title]).font = { bold: true };
    for (const f of table.fields) dictionary.addRow([table.name, f.name, excelType(f.type), f.description]);
    // Excel's sheet names: at most 31 characters.
    const sheet = workbook.addWorksheet(table.name.slice(0, 31));
    sheet.columns = table.fields.map((f) => ({
      header: f.name,
      key: f.name,
      width: Math.max(10, f.name.length + 2),
      style: isNumeric(f.type) ? {} : f.type === 'DATE' ? { numFmt: 'dd/mm/yyyy' } : { numFmt: '@' },
    }));
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    const rows = await db.all(`SELECT * FROM ${quoteIdent(table.source)} ORDER BY ALL`);
    for (const row of rows) {
      sheet.addRow(
        Object.fromEntries(
          table.fields.map((f) => [f.name, excelValue(row[f.name], f.type, table.measures.includes(f.name))]),
        ),
      );
    }
  }
  dictionary.getRow(1).font = { bold: true };
  await writeBeside(file, (temporary) => workbook.xlsx.writeFile(temporary));
}

const excelType = (type: string) =>
  isDecimal(type)
    ? 'decimale'
    : isNumeric(type)
      ? 'intero'
      : type === 'DATE'
        ? 'data'
        : type === 'BOOLEAN'
          ? 'sì/no'
          : 'testo';

function excelValue(value: unknown, type: string, measure: boolean): CellValue {
  if (value === null || value === undefined) return measure ? SUPPRESSED_MARK : null;
  if (type === 'BOOLEAN') return value ? 'sì' : 'no';
  if (isNumeric(type)) return Number(value);
  if (type === 'DATE') return new Date(`${String(value)}T00:00:00Z`);
  // Text cells hold text: nothing runs as a formula, but a spreadsheet user may paste it elsewhere.
  return spreadsheetSafe.text(String(value));
}
