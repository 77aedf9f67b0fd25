import type { CellInput } from '../src/reports/suppressCells.js';

/**
 * The attacker of the spec: knows every published cell and the total of every
 * line (cells that differ in one dimension), and solves the linear system for the
 * suppressed cells. A suppressed cell is recovered when its value is determined:
 * its unit vector lies in the row space of the line equations (Gaussian elimination).
 */
export function recoverable(cells: CellInput[], suppressed: boolean[], dims: number, protectedTotals: Set<string>): number[] {
  const hidden = cells.map((_, i) => i).filter((i) => suppressed[i]);
  const col = new Map(hidden.map((i, j) => [i, j]));
  const rows: number[][] = [];
  for (let d = 0; d < dims; d++) {
    const lines = new Map<string, number[]>();
    cells.forEach((c, i) => {
      const k = c.key.map((v, x) => (x === d ? '*' : v)).join('|');
      lines.set(k, [...(lines.get(k) ?? []), i]);
    });
    for (const [k, line] of lines) {
      if (protectedTotals.has(`${d}:${k}`)) continue; // that total is not published
      const row = new Array(hidden.length).fill(0);
      for (const i of line) if (col.has(i)) row[col.get(i)!] = 1;
      if (row.some((x) => x)) rows.push(row);
    }
  }
  return determined(rows, hidden.length).map((j) => hidden[j]!);
}

/**
 * Indexes of the unknowns that a system of linear equations (coefficient rows over
 * n unknowns; the known values only move the right-hand side) determines: reduced
 * row echelon form, where a variable is determined when a row has it as its only
 * non-zero entry.
 */
export function determined(rows: number[][], n: number): number[] {
  const m = rows.map((r) => [...r]);
  let lead = 0;
  for (let r = 0; r < m.length && lead < n; lead++) {
    const pivot = m.findIndex((row, i) => i >= r && Math.abs(row[lead]!) > 1e-9);
    if (pivot === -1) continue;
    [m[r], m[pivot]] = [m[pivot]!, m[r]!];
    const p = m[r]![lead]!;
    m[r] = m[r]!.map((x) => x / p);
    for (let i = 0; i < m.length; i++) {
      if (i !== r && Math.abs(m[i]![lead]!) > 1e-9) {
        const f = m[i]![lead]!;
        m[i] = m[i]!.map((x, j) => x - f * m[r]![j]!);
      }
    }
    r++;
  }
  return m.filter((row) => row.filter((x) => Math.abs(x) > 1e-9).length === 1)
    .map((row) => row.findIndex((x) => Math.abs(x) > 1e-9));
}
