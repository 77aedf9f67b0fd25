import { describe, expect, it } from 'vitest';
import { DisclosureSystem } from '../src/disclosure/linkedCells.js';
import { protectCells } from '../src/disclosure/protectCells.js';
import type { CellInput } from '../src/disclosure/suppressCells.js';
import { determined, exposedFigures, lpBounds, tableWithLineTotals } from './disclosureAttack.js';

type Figures = Map<string, { value: number; shown: boolean }>;

/** The linear-algebra attacker of the old audit on the same figures: which withheld ones the equations determine. */
function linearlyDetermined(figures: Figures, relations: [string, number][][]): string[] {
  const hidden = [...figures].filter(([, f]) => !f.shown).map(([n]) => n);
  const rows = relations
    .map((rel) => hidden.map((h) => rel.filter(([n]) => n === h).reduce((a, [, k]) => a + k, 0)))
    .filter((row) => row.some((x) => x !== 0));
  return determined(rows, hidden.length).map((j) => hidden[j]!);
}

const grid = (rows: Record<string, Record<string, number>>): CellInput[] =>
  Object.entries(rows).flatMap(([r, cols]) => Object.entries(cols).map(([c, value]) => ({ key: [r, c], value })));

describe('the LP audit finds what linear algebra misses', () => {
  it('a 2 x 2 block with zero totals: non-negativity pins the 3 that no equation determines', () => {
    // Published: A-X, A-Y, B-X, B-Y withheld; row totals A = 3, B = 0; column totals X = 3, Y = 0.
    // The four equations have rank 3 (null space (1, -1, -1, 1)): no cell is determined.
    // But B-X + B-Y = 0 with both >= 0 gives B-X = B-Y = 0, A-Y + B-Y = 0 gives A-Y = 0,
    // so A-X = 3 - A-Y = 3: pinned.
    const cells = grid({ A: { X: 3, Y: 0 }, B: { X: 0, Y: 0 } });
    const { figures, relations } = tableWithLineTotals(cells, [true, true, true, true], ['r', 'c'], []);
    expect(linearlyDetermined(figures, relations)).toEqual([]);
    const bounds = lpBounds(figures, relations);
    expect(bounds.get('cell:A|X')).toEqual({ lo: 3, hi: 3 });
    expect(exposedFigures(figures, bounds, 5)).toEqual(['cell:A|X']);
  });

  it('a 2 x 2 block of two small counts and two complements: not determined, but narrowed below the threshold', () => {
    // A-X = 1, A-Y = 3 (small), B-X = 10, B-Y = 12 withheld; totals A = 4, B = 22, X = 11, Y = 15, C shown.
    // A-X = t gives A-Y = 4 - t, B-X = 11 - t, B-Y = 11 + t: t in [0, 4], 4 wide, below 5.
    const cells = grid({ A: { X: 1, Y: 3 }, B: { X: 10, Y: 12 }, C: { X: 30, Y: 40 } });
    const hidden = [true, true, true, true, false, false];
    const { figures, relations } = tableWithLineTotals(cells, hidden, ['r', 'c'], []);
    expect(linearlyDetermined(figures, relations)).toEqual([]);
    const bounds = lpBounds(figures, relations);
    expect(bounds.get('cell:A|X')).toEqual({ lo: 0, hi: 4 });
    expect(bounds.get('cell:A|Y')).toEqual({ lo: 0, hi: 4 });
    expect(exposedFigures(figures, bounds, 5).sort()).toEqual(['cell:A|X', 'cell:A|Y']);
  });
});

describe('linked tables: one system across tables that share a figure', () => {
  // Table 1, non-EU workers by sex: M = 2, F = 8, total 10 shown; M withheld (small), F as its complement.
  // Table 2, non-EU women by age: F = 8 is its total (withheld there too), young 7 shown, old 1 withheld.
  // Alone, table 1 gives M in [0, 10] and table 2 gives old in [0, +inf): both protected.
  // Together F >= 7 (young + old, old >= 0), so M = 10 - F <= 3 and old = F - 7 <= 3: M in [0, 3], old in [0, 3].
  const build = (linked: boolean) => {
    const system = new DisclosureSystem();
    const f = linked ? 'NUE|F' : 'table2|NUE|F';
    for (const cell of [
      { key: 'NUE|M', value: 2, suppressed: true },
      { key: 'NUE|F', value: 8, suppressed: true },
      { key: 'NUE', value: 10, suppressed: false },
    ])
      system.addCell(cell);
    system.addRelation([
      ['NUE|M', 1],
      ['NUE|F', 1],
      ['NUE', -1],
    ]);
    for (const cell of [
      { key: f, value: 8, suppressed: true },
      { key: 'NUE|F|giovani', value: 7, suppressed: false },
      { key: 'NUE|F|adulti', value: 1, suppressed: true },
    ])
      system.addCell(cell);
    system.addRelation([
      ['NUE|F|giovani', 1],
      ['NUE|F|adulti', 1],
      [f, -1],
    ]);
    return system;
  };
  const attackerView = (system: DisclosureSystem) => {
    const figures = new Map([...system.cells].map(([k, c]) => [k, { value: c.value, shown: !c.suppressed }]));
    const relations = system.relations.map((r) => r.map(([k, c]): [string, number] => [k, c]));
    return { figures, bounds: lpBounds(figures, relations) };
  };

  it('each table alone is protected, the two together are not, and the loop protects them together', () => {
    const apart = build(false);
    expect(protectCells(apart, 5).added).toEqual([]);
    const together = build(true);
    const before = attackerView(together);
    expect(before.bounds.get('NUE|M')).toEqual({ lo: 0, hi: 3 });
    expect(before.bounds.get('NUE|F|adulti')).toEqual({ lo: 0, hi: 3 });
    const result = protectCells(together, 5);
    // M's only relation holds one shown figure, the total 10: withheld, M and F have no upper
    // bound left, and old (F - 7) neither; old is not given a second one in the same round
    // (a figure near it was just withheld), and the next audit finds both protected
    expect(result.added).toEqual(['NUE']);
    const after = attackerView(together);
    expect(exposedFigures(after.figures, after.bounds, 5)).toEqual([]);
    // and the audit's own intervals agree with the attacker's where it solved both bounds
    for (const [key, interval] of result.intervals)
      if (interval.exact) expect(after.bounds.get(key)).toEqual({ lo: interval.lo, hi: interval.hi });
  });

  it('with the total fixed (shown everywhere), withholds the 7 young women instead', () => {
    const together = build(true);
    together.cells.get('NUE')!.fixed = true;
    expect(protectCells(together, 5).added).toEqual(['NUE|F|giovani']);
    const after = attackerView(together);
    expect(exposedFigures(after.figures, after.bounds, 5)).toEqual([]);
  });

  it('refuses, loudly, a figure that only fixed figures could protect', () => {
    const system = new DisclosureSystem();
    system.addCell({ key: 'a', value: 2, suppressed: true });
    system.addCell({ key: 'b', value: 1, suppressed: true });
    system.addCell({ key: 'b2', value: 40, suppressed: false, fixed: true });
    system.addCell({ key: 'tot', value: 3, suppressed: false, fixed: true });
    system.addRelation([
      ['a', 1],
      ['b', 1],
      ['tot', -1],
    ]);
    expect(() => protectCells(system, 5)).toThrow(/can be narrowed below the threshold/);
  });
});
