import type { LinkedCell } from './linkedCells.js';

/**
 * When a withheld figure is protected, from the threshold `minCell` (default 5)
 * and the interval [lo, hi] an attacker derives for it from everything published:
 *
 * - a small count (1 to minCell - 1, the figures the threshold withholds) must keep
 *   an interval at least minCell wide, hi - lo >= minCell: the attacker cannot tell
 *   it apart from at least minCell + 1 values (with the threshold 5, a withheld 2 in
 *   [0, 5] is protected, in [0, 4] or [1, 5] it is not);
 * - any other withheld figure must not be pinned, hi > lo: a complementary cell the
 *   attacker can work out gives back what the table withholds, and tells the attacker
 *   it protects nothing;
 * - except the other measures of a row withheld as a whole (`group`): the row is
 *   withheld for its small counts, or as a complement, and its other measures are zeros
 *   or counts at or above the threshold, which the rule allows to show. Their being
 *   worked out gives away nothing the threshold protects, and requiring them to stay
 *   unknown would withhold row after row across the measures of a table for nothing:
 *   what protects the small counts is measured on the small counts themselves;
 * - a signed measure (saldo: a difference of counts, not a count of anyone) must not
 *   be pinned, whatever its value: the threshold protects the counts it is made of.
 */
export function requiredWidth(cell: LinkedCell, minCell: number): number {
  const v = cell.value;
  // a signed measure (saldo, lower bound -Infinity) is not a count: only the counts it is made of are held to the threshold
  if (cell.lower !== -Infinity && v >= 1 && v < minCell) return minCell;
  return 0;
}

export const isProtected = (cell: LinkedCell, minCell: number, lo: number, hi: number) =>
  hi - lo >= requiredWidth(cell, minCell);
