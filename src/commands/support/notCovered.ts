import type { SemesterCoverage } from '../../marts/report/semesters.js';

/**
 * "the data do not cover the semester 2025-H1 for the province RM: 2025-01 missing
 * (...); 2025-06 thin (...)", or "the year 2024 (both semesters)", for the message and
 * the log of `report semiannual` and `report annual`.
 */
export function notCovered(c: SemesterCoverage): string {
  const months = [
    ...(c.missing.length ? [`${c.missing.join(', ')} missing (no communications)`] : []),
    ...(c.thin.length
      ? [`${c.thin.join(', ')} thin (under ${c.threshold} communications, half the median month of the data)`]
      : []),
  ];
  const period =
    c.semester.kind === 'year'
      ? `the year ${c.semester.semestre} (both semesters)`
      : `the semester ${c.semester.semestre}`;
  return `the data do not cover ${period}${c.province ? ` for the province ${c.province}` : ''}: ${months.join('; ')}`;
}
