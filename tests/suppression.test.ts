import { describe, expect, it } from 'vitest';
import { Prng } from '../src/generate/prng.js';
import { suppressCells, type CellInput } from '../src/reports/suppressCells.js';

const table = (rows: Record<string, Record<string, number>>): CellInput[] =>
  Object.entries(rows).flatMap(([r, cols]) => Object.entries(cols).map(([c, value]) => ({ key: [r, c], value })));
const hiddenKeys = (cells: CellInput[], suppressed: boolean[]) => cells.filter((_, i) => suppressed[i]).map((c) => c.key.join(''));

/**
 * The attacker of the spec: knows every published cell and the total of every
 * line (cells that differ in one dimension), and solves the linear system for the
 * suppressed cells. A suppressed cell is recovered when its value is determined:
 * its unit vector lies in the row space of the line equations (Gaussian elimination).
 */
function recoverable(cells: CellInput[], suppressed: boolean[], dims: number, protectedTotals: Set<string>): number[] {
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
  // Reduced row echelon form; a variable is determined when a row has it as its only non-zero entry.
  const m = rows.map((r) => [...r]);
  let lead = 0;
  for (let r = 0; r < m.length && lead < hidden.length; lead++) {
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
    .map((row) => hidden[row.findIndex((x) => Math.abs(x) > 1e-9)]!);
}

describe('statistical disclosure', () => {
  it('suppresses counts below the threshold, and a second cell in every line with one (worked by hand)', () => {
    const cells = table({ A: { X: 2, Y: 50, Z: 60 }, B: { X: 40, Y: 70, Z: 80 }, C: { X: 45, Y: 90, Z: 100 } });
    const result = suppressCells(cells, ['riga', 'colonna'], 5);
    // A-X (2) is primary; its column needs a second cell (B-X, 40, the smallest), its row one
    // too (A-Y, 50); then column Y holds only A-Y, so B-Y (70) goes: the classic 2 x 2 block.
    expect(hiddenKeys(cells, result.suppressed)).toEqual(['AX', 'AY', 'BX', 'BY']);
    expect(result).toMatchObject({ primary: 1, secondary: 3, protectedTotals: [] });
    expect(recoverable(cells, result.suppressed, 2, new Set())).toEqual([]);
  });

  it('shows zeros and counts at or above the threshold, and turns off with --min-cell 1', () => {
    const cells = table({ A: { X: 0, Y: 5 }, B: { X: 6, Y: 7 } });
    expect(suppressCells(cells, ['r', 'c'], 5).suppressed).toEqual([false, false, false, false]);
    const small = table({ A: { X: 1, Y: 2 } });
    expect(suppressCells(small, ['r', 'c'], 1)).toMatchObject({ suppressed: [false, false], primary: 0 });
  });

  it('reports the totals that must not be published when no second cell exists', () => {
    const cells = table({ A: { X: 3, Y: 0 }, B: { X: 0, Y: 0 } });
    expect(suppressCells(cells, ['r', 'c'], 5).protectedTotals).toEqual(['r=*, c=X', 'r=A, c=*']);
  });

  it('says when a table is too large for the audit', () => {
    const cells = table({ A: { X: 2, Y: 50, Z: 60 }, B: { X: 40, Y: 70, Z: 80 }, C: { X: 45, Y: 90, Z: 100 } });
    expect(suppressCells(cells, ['r', 'c'], 5, 100).audited).toBe(true);
    expect(suppressCells(cells, ['r', 'c'], 5, 3).audited).toBe(false);
  });

  it('leaves no suppressed cell recoverable from the published cells and line totals (random tables)', () => {
    const rng = new Prng('disclosure');
    for (let round = 0; round < 25; round++) {
      const dims = [['MI', 'BG', 'BS', 'VA'], ['M', 'F'], ['TD', 'TI', 'AP']];
      const cells: CellInput[] = [];
      for (const a of dims[0]!) for (const b of dims[1]!) for (const c of dims[2]!) {
        cells.push({ key: [a, b, c], value: rng.chance(0.3) ? rng.int(1, 4) : rng.chance(0.1) ? 0 : rng.int(5, 60) });
      }
      const result = suppressCells(cells, ['provincia', 'sesso', 'contratto'], 5);
      cells.forEach((c, i) => { if (c.value >= 1 && c.value < 5) expect(result.suppressed[i]).toBe(true); });
      const hiddenTotals = new Set(result.protectedTotals.map((label) => {
        const parts = label.split(', ').map((p) => p.split('=')[1]);
        const d = parts.indexOf('*');
        return `${d}:${parts.join('|')}`;
      }));
      expect(recoverable(cells, result.suppressed, 3, hiddenTotals), `round ${round}`).toEqual([]);
    }
  });
});
