import { describe, expect, it } from 'vitest';
import { Prng } from '../src/generate/prng.js';
import { suppressCells, type CellInput } from '../src/disclosure/suppressCells.js';
import { recoverable } from './disclosureAttack.js';

const table = (rows: Record<string, Record<string, number>>): CellInput[] =>
  Object.entries(rows).flatMap(([r, cols]) => Object.entries(cols).map(([c, value]) => ({ key: [r, c], value })));
const hiddenKeys = (cells: CellInput[], suppressed: boolean[]) =>
  cells.filter((_, i) => suppressed[i]).map((c) => c.key.join(''));

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
      const dims = [
        ['MI', 'BG', 'BS', 'VA'],
        ['M', 'F'],
        ['TD', 'TI', 'AP'],
      ];
      const cells: CellInput[] = [];
      for (const a of dims[0]!)
        for (const b of dims[1]!)
          for (const c of dims[2]!) {
            cells.push({
              key: [a, b, c],
              value: rng.chance(0.3) ? rng.int(1, 4) : rng.chance(0.1) ? 0 : rng.int(5, 60),
            });
          }
      const result = suppressCells(cells, ['provincia', 'sesso', 'contratto'], 5);
      cells.forEach((c, i) => {
        if (c.value >= 1 && c.value < 5) expect(result.suppressed[i]).toBe(true);
      });
      const hiddenTotals = new Set(
        result.protectedTotals.map((label) => {
          const parts = label.split(', ').map((p) => p.split('=')[1]);
          const d = parts.indexOf('*');
          return `${d}:${parts.join('|')}`;
        }),
      );
      expect(recoverable(cells, result.suppressed, 3, hiddenTotals), `round ${round}`).toEqual([]);
    }
  });
});
