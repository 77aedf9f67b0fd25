/**
 * The dates the crisis basins are compared with (flags-and-basins.md: "one month
 * and one year earlier"). A month before is the same day of the previous month;
 * the last day of a month stands for the end of the month, so its month before is
 * the last day of the previous month (2025-06-30 -> 2025-05-31, not 05-30); a day
 * the previous month does not have is clamped to its last day (2025-03-31 ->
 * 2025-02-28). A year before follows the same rule over twelve months
 * (2024-02-29 -> 2023-02-28, 2025-02-28 -> 2024-02-29).
 */
export function monthsBefore(iso: string, months: number): string {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate(); // m 1-12
  const index = year * 12 + (month - 1) - months;
  const [y, m] = [Math.floor(index / 12), (index % 12) + 1];
  const endOfMonth = day === daysIn(year, month);
  const d = endOfMonth ? daysIn(y, m) : Math.min(day, daysIn(y, m));
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The three dates of a crisis-basin output: A, a month before, a year before. */
export interface ComparisonDates {
  ora: string;
  mese: string;
  anno: string;
}

export const comparisonDates = (asOf: string): ComparisonDates => ({
  ora: asOf,
  mese: monthsBefore(asOf, 1),
  anno: monthsBefore(asOf, 12),
});
