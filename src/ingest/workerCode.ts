import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { referenceDir } from '../runtime/paths.js';

/**
 * What the safe copy learns of a worker's valid code and may pass on, as codes the
 * SQL counts (warnings_co.sql); the raw code itself never travels:
 * - `provvisorio`: 11 digits with the partita IVA check digit, the provisional
 *   codice fiscale given to newly arrived non-EU workers and asylum seekers;
 * - `data_impossibile`: a 16-character code whose birth day cannot exist (day 0 or
 *   32-40, past 71, 30 February...);
 * - `comune_impossibile`: its birth place is neither a municipality nor a foreign
 *   state of the reference tables;
 * - `sesso_incoerente`: its sex (day + 40 for women) is not the row's `sesso`;
 * - `data_nascita_incoerente`: its day, month and two-digit year are not those of
 *   the row's `data_nascita` (only the last two digits of the year are written).
 * The row is loaded all the same: these are data-quality notes, not rejects.
 */
export type WorkerCodeFinding =
  | 'provvisorio'
  | 'data_impossibile'
  | 'comune_impossibile'
  | 'sesso_incoerente'
  | 'data_nascita_incoerente';

/** Omocodia: the letter at index i stands for the digit i, in the code's digit places. */
const OMOCODIA = 'LMNPQRSTUV';
const MONTHS = 'ABCDEHLMPRST';
const digit = (c: string) => {
  const i = OMOCODIA.indexOf(c);
  return i >= 0 ? i : c.charCodeAt(0) - 48;
};
const number = (s: string) => [...s].reduce((n, c) => n * 10 + digit(c), 0);

/** The birth data a person's codice fiscale writes (upper case, shape already checked). */
export interface CodeBirth {
  /** The last two digits of the year. */
  yy: number;
  month: number;
  /** Day of the month (40 taken off for women). */
  day: number;
  female: boolean;
  /** Belfiore code: a municipality, or Z and three digits for a foreign state. */
  place: string;
  /** The day exists in that month in some year ending in yy. */
  possible: boolean;
}

export function codeBirth(cf: string): CodeBirth {
  const yy = number(cf.slice(6, 8));
  const month = MONTHS.indexOf(cf[8]!) + 1;
  const raw = number(cf.slice(9, 11));
  const female = raw > 40;
  const day = female ? raw - 40 : raw;
  // 29 February exists in a year ending in yy when yy is a multiple of 4 (1900 is not
  // a leap year, but 2000 is: 00 has one).
  const length = month === 2 ? (yy % 4 === 0 ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  const place = cf[11]! + String(number(cf.slice(12, 15))).padStart(3, '0');
  return { yy, month, day, female, place, possible: day >= 1 && day <= length };
}

/** A date as the CO extract writes it (YYYY-MM-DD or DD/MM/YYYY), as year, month, day; undefined otherwise. */
function rowDate(text: string): [number, number, number] | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text) ?? /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text);
  if (!m) return undefined;
  return m[0].includes('/') ? [Number(m[3]), Number(m[2]), Number(m[1])] : [Number(m[1]), Number(m[2]), Number(m[3])];
}

/**
 * The findings on a worker's valid code (upper case) against its row's `sesso` and
 * `data_nascita` as written; checks that cannot be made (an empty or malformed sex
 * or date, which the SQL rejects anyway) are left out. A two-digit year is compared
 * with the last two digits of `data_nascita`'s year: a code cannot say the century.
 */
export function workerCodeFindings(
  cf: string,
  sesso: string,
  dataNascita: string,
  places: ReadonlySet<string>,
): WorkerCodeFinding[] {
  if (cf.length === 11) return ['provvisorio'];
  const birth = codeBirth(cf);
  const found: WorkerCodeFinding[] = [];
  if (!birth.possible) found.push('data_impossibile');
  if (!places.has(birth.place)) found.push('comune_impossibile');
  if (birth.possible) {
    const sex = sesso.trim().toUpperCase();
    if ((sex === 'M' || sex === 'F') && (sex === 'F') !== birth.female) found.push('sesso_incoerente');
    const date = rowDate(dataNascita.trim());
    if (date && (date[0] % 100 !== birth.yy || date[1] !== birth.month || date[2] !== birth.day))
      found.push('data_nascita_incoerente');
  }
  return found;
}

/**
 * Every birth place a codice fiscale may write: the Belfiore codes of the
 * municipalities (current and suppressed, comuni.csv) and the Z-codes of foreign
 * states (stati_esteri_belfiore.csv), with the rows of a user's reference directory.
 */
export function loadBirthPlaces(userDir?: string): Set<string> {
  const places = new Set<string>();
  const add = (dir: string, file: string, keep: (row: Record<string, string>) => boolean) => {
    const full = path.join(dir, file);
    if (!existsSync(full)) return;
    for (const row of parse(readFileSync(full), { columns: true, bom: true, skip_empty_lines: true }) as Record<
      string,
      string
    >[]) {
      if (keep(row)) places.add(row.codice!.toUpperCase());
    }
  };
  for (const dir of [referenceDir, ...(userDir ? [userDir] : [])]) {
    add(dir, 'comuni.csv', (r) => r.tipo_codice === 'BELFIORE');
    add(dir, 'stati_esteri_belfiore.csv', () => true);
  }
  return places;
}

let shipped: Set<string> | undefined;
/** The shipped birth places, read once. */
export const shippedBirthPlaces = (): Set<string> => (shipped ??= loadBirthPlaces());
