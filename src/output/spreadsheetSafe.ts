/**
 * Spreadsheet formula injection (OWASP "CSV injection"): Excel, LibreOffice and
 * Google Sheets run a cell whose text starts with = + - @ (or a tab or carriage
 * return before one) as a formula, so a value taken from an extract could open
 * a link or read other cells when an analyst opens a CSV or pastes a Markdown
 * table. Such a value is written with a leading apostrophe, as OWASP advises:
 * the spreadsheet shows it as text. A plain number (-5, +1.5, -1,5, 2e-3) is left
 * alone: it can call no function, and changing it would spoil the figure.
 *
 * The two patterns are written once, in the syntax JavaScript and DuckDB's RE2
 * share, and both the TypeScript check and the SQL expression use them.
 */
const formulaStart = String.raw`^[=+\-@\t\r]`;
const plainNumber = '^[+-]?(?:[0-9]+(?:[.,][0-9]+)*|[.,][0-9]+)(?:[eE][+-]?[0-9]+)?$';
const mark = "'";

const formulaStartRe = new RegExp(formulaStart);
const plainNumberRe = new RegExp(plainNumber);
// The patterns and the mark are constants of this module, never data: they can be SQL literals.
const literal = (s: string) => `'${s.replaceAll("'", "''")}'`;

export const spreadsheetSafe = {
  /** Whether a text value would run as a formula in a spreadsheet. */
  isDangerous(value: string): boolean {
    return formulaStartRe.test(value) && !plainNumberRe.test(value);
  },

  /** A text value as a CSV or Markdown cell shows it: dangerous ones behind a leading apostrophe. */
  text(value: string): string {
    return spreadsheetSafe.isDangerous(value) ? `${mark}${value}` : value;
  },

  /** The same rule as a DuckDB expression over a VARCHAR expression (NULL stays NULL). */
  sql(expression: string): string {
    return (
      `CASE WHEN regexp_matches(${expression}, ${literal(formulaStart)}) AND NOT regexp_matches(${expression}, ${literal(plainNumber)})` +
      ` THEN ${literal(mark)} || ${expression} ELSE ${expression} END`
    );
  },
};
