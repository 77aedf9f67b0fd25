import type { DuckDBValue } from '@duckdb/node-api';
import type { Database, Row } from '../../db/Database.js';
import { queryWithTests, readWithTests } from '../../db/dataTests.js';
import { loadMonthlyVolume } from '../../db/loadMonthlyVolume.js';
import { parseSemester, parseYear, type Semester } from '../orimTables.js';

const mart = (file: string) => ({ file, ...readWithTests(new URL(`./${file}`, import.meta.url)) });
const marts = {
  coverage: mart('copertura.sql'),
  months: mart('copertura_mesi.sql'),
  latest: mart('ultimo_semestre_coperto.sql'),
};

/**
 * Runs one of the coverage queries through its data tests (materialized in the temp
 * table rep_copertura): a failing test stops the command (exit 1) before anything is
 * written.
 */
function coverageQuery<T extends Row>(
  db: Database,
  m: ReturnType<typeof mart>,
  params: Record<string, DuckDBValue> = {},
) {
  return queryWithTests<T>(
    db,
    `coverage query ${m.file}`,
    { name: m.file, sql: m.sql },
    m.tests,
    'rep_copertura',
    'Nothing was written; the data (or the query) needs a look.',
    params,
  );
}

/** The semester before: 2025-H1 -> 2024-H2, 2025-H2 -> 2025-H1. */
function previousSemester(s: Semester): Semester {
  const [year, half] = s.semestre.split('-H').map(Number) as [number, number];
  return parseSemester(half === 1 ? `${year - 1}-H2` : `${year}-H1`);
}

/** The same semester a year before: 2025-H1 -> 2024-H1. */
function sameSemesterYearBefore(s: Semester): Semester {
  const [year, half] = s.semestre.split('-H').map(Number) as [number, number];
  return parseSemester(`${year - 1}-H${half}`);
}

/** 2025-H1 -> "1° semestre 2025", a year 2024 -> "2024", for titles ("nel 2024", "tutto il 1° semestre 2025"). */
export function semesterLabel(s: Semester): string {
  if (s.kind === 'year') return s.semestre;
  const [year, half] = s.semestre.split('-H');
  return `${half}° semestre ${year}`;
}

/**
 * The periods a report compares its period with: for a semester the previous one and
 * the same semester a year before, for a year the previous year only.
 */
export function comparedPeriods(s: Semester): Semester[] {
  if (s.kind === 'year') return [parseYear(String(Number(s.semestre) - 1))];
  return [previousSemester(s), sameSemesterYearBefore(s)];
}

export interface Coverage {
  /** First and last data_invio loaded (ISO dates), undefined when no CO is loaded. */
  primoInvio?: string;
  ultimoInvio?: string;
}

/** The period the CO data were sent in (the data-quality note, the provisional re-employment). */
export async function coverage(db: Database): Promise<Coverage> {
  const [row] = await coverageQuery<{ primo_invio: string | null; ultimo_invio: string | null }>(db, marts.coverage);
  return { primoInvio: row?.primo_invio ?? undefined, ultimoInvio: row?.ultimo_invio ?? undefined };
}

/** A month of a semester: normal volume, thin (below the bar) or missing (no communication). */
type MonthState = 'normale' | 'scarso' | 'mancante';

export interface SemesterCoverage {
  semester: Semester;
  /** The province measured, or undefined for the region. */
  province?: string;
  /** The semester's six months (YYYY-MM) with their communications. */
  months: { mese: string; comunicazioni: number; stato: MonthState }[];
  /** The bar of normal volume: half the count of the median month (null when the data hold no month). */
  threshold: number | null;
  covered: boolean;
  missing: string[];
  thin: string[];
}

/**
 * Whether the CO data cover a semester, for the region or one province: a semester
 * is covered when the data hold each of its six months in normal volume, that is
 * with at least half the count of the median month of the same data (by month of
 * data_invio, the median taken over the communications; the rule is mesi_invio in
 * src/db/monthly_volume.sql, the one the ingest's warning of communications after an
 * extract's period reads, and docs/report.md "Coverage" says why half). So
 * one stray communication dated months later does not make a later semester
 * covered, and a month of a few communications is said to be thin, not taken as
 * complete. A province's months are measured against the province's own median.
 */
export async function semesterCoverage(db: Database, s: Semester, province?: string): Promise<SemesterCoverage> {
  await loadMonthlyVolume(db);
  const rows = await coverageQuery<{ mese: string; comunicazioni: string; soglia: number | null; stato: MonthState }>(
    db,
    marts.months,
    { inizio: s.inizio, fine: s.fine, provincia: province ?? null },
  );
  const months = rows.map((r) => ({ mese: r.mese, comunicazioni: Number(r.comunicazioni), stato: r.stato }));
  const missing = months.filter((m) => m.stato === 'mancante').map((m) => m.mese);
  const thin = months.filter((m) => m.stato === 'scarso').map((m) => m.mese);
  return {
    semester: s,
    ...(province ? { province } : {}),
    months,
    threshold: rows[0]?.soglia ?? null,
    covered: missing.length === 0 && thin.length === 0,
    missing,
    thin,
  };
}

/** The latest semester the data cover, each month in normal volume (undefined when none). */
export async function latestCoveredSemester(db: Database): Promise<Semester | undefined> {
  await loadMonthlyVolume(db);
  const [row] = await coverageQuery<{ semestre: string }>(db, marts.latest);
  return row ? parseSemester(row.semestre) : undefined;
}

/** ISO date plus n days. */
export function addDays(iso: string, n: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
