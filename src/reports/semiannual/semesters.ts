import type { Database } from '../../db/Database.js';
import { readSql } from '../../db/runScript.js';
import { parseSemester, type Semester } from '../orimTables.js';

const coverageSql = readSql(new URL('./copertura.sql', import.meta.url));

/** The semester before: 2025-H1 -> 2024-H2, 2025-H2 -> 2025-H1. */
export function previousSemester(s: Semester): Semester {
  const [year, half] = s.semestre.split('-H').map(Number) as [number, number];
  return parseSemester(half === 1 ? `${year - 1}-H2` : `${year}-H1`);
}

/** The same semester a year before: 2025-H1 -> 2024-H1. */
export function sameSemesterYearBefore(s: Semester): Semester {
  const [year, half] = s.semestre.split('-H').map(Number) as [number, number];
  return parseSemester(`${year - 1}-H${half}`);
}

/** 2025-H1 -> "1° semestre 2025", for titles. */
export function semesterLabel(s: Semester): string {
  const [year, half] = s.semestre.split('-H');
  return `${half}° semestre ${year}`;
}

export interface Coverage {
  /** First and last data_invio loaded (ISO dates), undefined when no CO is loaded. */
  primoInvio?: string;
  ultimoInvio?: string;
}

export async function coverage(db: Database): Promise<Coverage> {
  const row = await db.one<{ primo_invio: string | null; ultimo_invio: string | null }>(coverageSql);
  return { primoInvio: row?.primo_invio ?? undefined, ultimoInvio: row?.ultimo_invio ?? undefined };
}

/**
 * Whether the CO data cover a semester: monthly extracts hold whole months, so the
 * data must start in or before the semester's first month and reach its last month.
 */
export function semesterCovered(s: Semester, c: Coverage): boolean {
  if (!c.primoInvio || !c.ultimoInvio) return false;
  return c.primoInvio.slice(0, 7) <= s.inizio.slice(0, 7) && c.ultimoInvio.slice(0, 7) >= s.fine.slice(0, 7);
}

/** The latest semester whose last month the data reach (undefined when none). */
export function latestCompleteSemester(c: Coverage): Semester | undefined {
  if (!c.ultimoInvio) return undefined;
  const [year, month] = c.ultimoInvio.split('-').map(Number) as [number, number];
  const s = month === 12 ? parseSemester(`${year}-H2`) : month >= 6 ? parseSemester(`${year}-H1`) : parseSemester(`${year - 1}-H2`);
  return c.primoInvio && c.primoInvio.slice(0, 7) <= s.fine.slice(0, 7) ? s : undefined;
}

/** ISO date plus n days. */
export function addDays(iso: string, n: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
