import { z } from 'zod';
import { areaLevels } from '../../marts/areaLevels.js';

/**
 * The defaults of the commands' options, declared once: the schemas below and the
 * commands' own apply them, and cli.ts shows them in --help from here, so a value
 * typed in the help text can never disagree with the one used.
 */
export const optionDefaults = {
  minCell: 5,
  lookbackMonths: 12,
  horizonDays: 90,
  jobSeekingMonths: 12,
  waitSeconds: 0,
  seed: '1',
  identifiers: 'cf',
  by: 'provincia',
} as const;

/** The encodings --encoding may force (otherwise detected per file). */
export const encodings = ['utf-8', 'windows-1252'] as const;

/** A date option written YYYY-MM-DD that is a real day (2025-02-31 is refused). */
export const isoDateOption = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine(
    (s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    'not a real date',
  );

/** --as-of: the reference date; when absent, the latest data_invio loaded (asOfOrLatest). */
export const asOfOption = isoDateOption.optional();

/** --min-cell: the smallest count published; 1 turns suppression off. */
export const minCellOption = z.coerce.number().int().min(1).max(1000).default(optionDefaults.minCell);

/** --lookback-months: how far back the last rapporto and the dismissals of a crisis basin are looked for. */
export const lookbackMonthsOption = z.coerce.number().int().min(1).max(120).default(optionDefaults.lookbackMonths);

/** --province: a 2-letter code, upper-cased (whether the province exists is checked against ref_province). */
export const provinceOption = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'a 2-letter province code such as MI')
  .transform((s) => s.toUpperCase())
  .optional();

/**
 * --by: the area the flag list and the crisis basins are by: the province, or the CPI or
 * ambito territoriale of the municipality (the region's aree_comuni.csv, checkAreas).
 */
export const byOption = z.enum(areaLevels).default(optionDefaults.by);

/** --semester of the commands of one semester (risk-employers, risk-indicators): YYYY-H1 or YYYY-H2. */
export const semesterOption = z
  .string()
  .regex(/^\d{4}-H[12]$/, 'write the semester as YYYY-H1 or YYYY-H2 (e.g. 2025-H1)');

/** --out: required; `what` is how the message names it (FILE, DIR, FILE.csv). */
export const outOption = (what: 'FILE' | 'DIR' | 'FILE.csv') => z.string().min(1, `--out ${what} is required`);

/**
 * --author: who publishes a report, printed under its title as given (one line of
 * text, e.g. "Osservatorio regionale del mercato del lavoro"); none by default.
 */
export const authorOption = z
  .string()
  .trim()
  .min(1, 'give the author as text, e.g. --author "Osservatorio regionale del mercato del lavoro"')
  .max(200, 'at most 200 characters: the line under the title')
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'one line of text, without line breaks or control characters')
  .optional();
