import type { LinkedCell } from './linkedCells.js';

/**
 * When a withheld figure is protected, from the threshold `minCell` (default 5) and the
 * interval [lo, hi] an attacker derives for it from everything published: the interval
 * must be at least minCell wide, hi - lo >= minCell, whatever the figure is.
 *
 * - For a small count (1 to minCell - 1, the figures the threshold withholds) this is
 *   what the threshold means: the attacker cannot tell it apart from at least minCell + 1
 *   values, 0 among them (with the threshold 5, a withheld 2 in [0, 5] is protected, in
 *   [0, 4] or [1, 5] it is not).
 * - For a complementary figure (a count at or above the threshold, a zero, a saldo) the
 *   same width keeps what the table withholds unknown: a complement an attacker can work
 *   out, or narrow to a few values, tells the attacker where its partners lie. The
 *   patterns that protect the small counts move their complements by as much
 *   (protectionPatterns.ts), so on the bench data this costs almost nothing more than
 *   protecting the small counts alone.
 */
export function requiredWidth(_cell: LinkedCell, minCell: number): number {
  return minCell;
}

export const isProtected = (cell: LinkedCell, minCell: number, lo: number, hi: number) =>
  hi - lo >= requiredWidth(cell, minCell);
