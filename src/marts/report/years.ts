import type { Database } from '../../db/Database.js';
import { parseSemester, parseYear, type Period } from '../orimTables.js';
import { coverage, semesterCoverage, type SemesterCoverage } from './semesters.js';

/**
 * Whether the CO data cover a year, for the region or one province: both its
 * semesters covered by the semesters' rule (semesterCoverage: each month in normal
 * volume), its twelve months together, their missing and thin months named.
 */
export async function yearCoverage(db: Database, year: Period, province?: string): Promise<SemesterCoverage> {
  const halves = [
    await semesterCoverage(db, parseSemester(`${year.semestre}-H1`), province),
    await semesterCoverage(db, parseSemester(`${year.semestre}-H2`), province),
  ];
  return {
    semester: year,
    ...(province ? { province } : {}),
    months: halves.flatMap((h) => h.months),
    threshold: halves[0]!.threshold,
    covered: halves.every((h) => h.covered),
    missing: halves.flatMap((h) => h.missing),
    thin: halves.flatMap((h) => h.thin),
  };
}

/** The year of an ISO date. */
const yearOf = (iso: string) => Number(iso.slice(0, 4));

/** The latest year the data cover for the region (both semesters), or undefined when none. */
export async function latestCoveredYear(db: Database): Promise<Period | undefined> {
  const cov = await coverage(db);
  if (!cov.primoInvio || !cov.ultimoInvio) return undefined;
  for (let y = yearOf(cov.ultimoInvio); y >= yearOf(cov.primoInvio); y--) {
    const year = parseYear(String(y));
    if ((await yearCoverage(db, year)).covered) return year;
  }
  return undefined;
}

/** At most this many covered years in the annual report's series. */
export const SERIES_YEARS = 10;

export interface SeriesYears {
  /** The covered years of the series, oldest first: the last SERIES_YEARS covered up to the report's year. */
  covered: Period[];
  /** The years of the same span the data do not cover (for the region, or the province in a province report). */
  notCovered: SemesterCoverage[];
}

/**
 * The years of the annual report's series: from the year of the first communication
 * loaded to the report's year, those the data cover (for the region and, in a province
 * report, for the province too), the last SERIES_YEARS of them; the years of that span
 * that are not covered, to be named. A year before the first communication is not in
 * the span (the data cannot cover it).
 */
export async function seriesYears(db: Database, year: Period, province?: string): Promise<SeriesYears> {
  const cov = await coverage(db);
  const last = Number(year.semestre);
  const first = cov.primoInvio ? Math.min(yearOf(cov.primoInvio), last) : last;
  const covered: Period[] = [];
  const notCovered: SemesterCoverage[] = [];
  for (let y = last; y >= first && covered.length < SERIES_YEARS; y--) {
    const p = parseYear(String(y));
    const gaps = [await yearCoverage(db, p), ...(province ? [await yearCoverage(db, p, province)] : [])].filter(
      (c) => !c.covered,
    );
    if (gaps.length === 0) covered.unshift(p);
    else notCovered.unshift(gaps[0]!);
  }
  return { covered, notCovered };
}
