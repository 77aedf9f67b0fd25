import type { Database } from '../../db/Database.js';
import type { Logger } from '../../runtime/logger.js';
import type { Semester } from '../../marts/orimTables.js';
import type { Labels } from '../page/labels.js';
import type { Published } from '../page/publishTables.js';
import type { Coverage } from '../../marts/report/semesters.js';
import type { PeriodWording } from './periodWording.js';

/** A period the report compares with, and whether the data cover it (for the province too, in a province report). */
interface ComparedPeriod {
  period: Semester;
  covered: boolean;
}

/** What every section builder of the report needs. */
export interface ReportContext {
  db: Database;
  logger: Logger;
  /** The report's period: a semester, or a year for the annual report. */
  semester: Semester;
  /** The words the sections use for the period (semestre, anno). */
  wording: PeriodWording;
  /**
   * The periods compared (comparedPeriods: the previous semester and the same semester
   * a year before; for a year the previous year), with whether the data cover them.
   */
  compared: ComparedPeriod[];
  coverage: Coverage;
  minCell: number;
  /** The report's province (2-letter code), or undefined for the region. */
  province?: string;
  labels: Labels;
  /** Bound values of the figure queries. */
  params: Record<string, string | null>;
  /** What the tables built so far published (see publishTables.ts). */
  published: Published;
  /**
   * The tables the report's queries read, by the slot they name them with: the ORIM
   * tables' exact figures (orim_<name>, from writeOrimTables) and the semesters
   * compared (rep_<name>, from prepareReportData).
   */
  tables: Record<string, string>;
}

/** A count as JavaScript reads it: BIGINT arrives as an exact string. */
export const n = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/** Percentage change, or null when there is nothing to compare with. */
export function change(current: number, before: number | null): number | null {
  if (before === null || before === 0) return null;
  return ((current - before) / before) * 100;
}
