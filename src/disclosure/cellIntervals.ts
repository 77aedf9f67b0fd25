import type { Block } from './blocks.js';
import { highs } from './highsSolver.js';
import type { DisclosureSystem } from './linkedCells.js';

/**
 * What an attacker can derive about each withheld figure of a block from everything
 * published: the least and the greatest value it can take while every relation holds
 * and every figure stays at or above its lower bound (0 for counts). Two linear
 * programmes per figure (minimise it, maximise it) on one persistent HiGHS model of
 * the block, each warm-started from the previous basis. Figures are integers, so the
 * bounds are rounded inwards (ceil of the minimum, floor of the maximum): an integer
 * attacker gets at least that far. (The integer hull can be narrower still when the
 * system is not totally unimodular, as line totals of a 3-dimension table; the audit
 * takes the LP bound, as tau-Argus's audit does.)
 *
 * Every LP solution is a table consistent with what is published, so it also widens
 * the range seen for every other figure of the block: a figure whose seen range is
 * already wide enough (`enough`) needs no LP of its own. With `exact`, both bounds of
 * every figure are solved.
 */
export interface CellInterval {
  lo: number;
  hi: number;
  /** Both bounds solved (else [lo, hi] is a range of values seen in consistent tables, inside the true one). */
  exact: boolean;
}

const status = highs.constants.modelStatus;
const EPS = 1e-6;

/**
 * An interval of LP values rounded inwards to integers (ceil of the minimum, floor of
 * the maximum, infinite ends kept): an integer attacker gets at least that far. + 0
 * turns the -0 of a rounded tiny negative into 0.
 */
export const roundInwards = (lo: number, hi: number) =>
  [lo === -Infinity ? lo : Math.ceil(lo - EPS) + 0, hi === Infinity ? hi : Math.floor(hi + EPS) + 0] as const;

export function blockIntervals(
  system: DisclosureSystem,
  block: Block,
  enough: (key: string, lo: number, hi: number) => boolean,
  o: { exact?: boolean; skip?: ReadonlySet<string> } = {},
): Map<string, CellInterval> {
  const exact = o.exact ?? false;
  const keys = block.keys;
  const column = new Map(keys.map((k, i) => [k, i]));
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  const rhs: number[] = [];
  for (const r of block.relations) {
    let known = 0;
    const row = new Map<number, number>();
    for (const [k, coefficient] of system.relations[r]!) {
      const j = column.get(k);
      if (j === undefined) known += coefficient * system.cells.get(k)!.value;
      else row.set(j, (row.get(j) ?? 0) + coefficient);
    }
    for (const [j, v] of row)
      if (v !== 0) {
        indices.push(j);
        values.push(v);
      }
    starts.push(indices.length);
    rhs.push(-known);
  }
  const lower = keys.map((k) => system.cells.get(k)!.lower ?? 0);
  const truth = keys.map((k) => system.cells.get(k)!.value);
  const seenLo = [...truth];
  const seenHi = [...truth];
  const result = new Map<string, CellInterval>();
  const model = highs.createModel({
    numCols: keys.length,
    numRows: rhs.length,
    colCost: keys.map(() => 0),
    colLower: lower.map((l) => (l === -Infinity ? -highs.infinity : l)),
    colUpper: keys.map(() => highs.infinity),
    rowLower: rhs,
    rowUpper: rhs,
    matrix: { format: 'csr', numRows: rhs.length, numCols: keys.length, starts, indices, values },
  });
  try {
    model.options.set({ output_flag: false });
    /** Optimises figure j in one direction; returns its bound (±Infinity when unbounded). */
    const bound = (j: number, sense: 'min' | 'max'): number => {
      model.changeColCost(j, 1);
      model.changeObjectiveSense(
        sense === 'min' ? highs.constants.objectiveSense.minimize : highs.constants.objectiveSense.maximize,
      );
      model.run();
      const s = model.getModelStatus();
      if (s === status.unbounded) {
        model.changeColCost(j, 0);
        return sense === 'min' ? -Infinity : Infinity;
      }
      if (s !== status.optimal) {
        throw new Error(
          `disclosure audit: the LP of ${keys[j]} ended with HiGHS status ${s}, not optimal ` +
            '(the published relations contradict the figures: a relation or a key is wrong)',
        );
      }
      const x = model.getSolution().colValue;
      for (let i = 0; i < x.length; i++) {
        seenLo[i] = Math.min(seenLo[i]!, x[i]!);
        seenHi[i] = Math.max(seenHi[i]!, x[i]!);
      }
      const value = model.getObjectiveValue();
      model.changeColCost(j, 0); // the model's solution is gone after a change: read it first
      return value;
    };
    // a few tables consistent with what is published, far from the true one (the vertices
    // of random objectives), widen the ranges seen for most figures at once
    let seed = keys.length;
    const random = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const todo = keys.filter((k) => !o.skip?.has(k));
    // on a large block, more of them while they still settle figures (each is one LP, a figure's own are two)
    // a figure the rule lets be pinned (width 0) is enough at its own value: no vertex is spent on it
    let open = todo.map((k) => column.get(k)!).filter((j) => !enough(keys[j]!, truth[j]!, truth[j]!));
    for (let round = 0, idle = 0; !exact && open.length > 50 && round < 60 && idle < 3; round++) {
      model.changeColsCost(
        { kind: 'range', from: 0, to: keys.length - 1 },
        keys.map(() => (random() < 0.5 ? -1 : 1)),
      );
      model.changeObjectiveSense(highs.constants.objectiveSense.minimize);
      model.run();
      if (model.getModelStatus() === status.optimal) {
        const x = model.getSolution().colValue;
        for (let i = 0; i < x.length; i++) {
          seenLo[i] = Math.min(seenLo[i]!, x[i]!);
          seenHi[i] = Math.max(seenHi[i]!, x[i]!);
        }
      }
      model.changeColsCost(
        { kind: 'range', from: 0, to: keys.length - 1 },
        keys.map(() => 0),
      );
      const before = open.length;
      open = open.filter((j) => {
        const [lo, hi] = roundInwards(seenLo[j]!, seenHi[j]!);
        return !enough(keys[j]!, lo, hi);
      });
      idle = round >= 3 && open.length > before * 0.98 ? idle + 1 : 0;
    }
    keys.forEach((key, j) => {
      if (o.skip?.has(key)) return;
      if (!exact) {
        const [lo, hi] = roundInwards(seenLo[j]!, seenHi[j]!);
        if (enough(key, lo, hi)) {
          result.set(key, { lo, hi, exact: false });
          return;
        }
      }
      const lo = bound(j, 'min');
      if (!exact) {
        const [l, h] = roundInwards(lo, seenHi[j]!);
        if (enough(key, l, h)) {
          result.set(key, { lo: l, hi: h, exact: false });
          return;
        }
      }
      const hi = bound(j, 'max');
      const [l, h] = roundInwards(lo, hi);
      result.set(key, { lo: l, hi: h, exact: true });
    });
  } finally {
    model.dispose();
  }
  return result;
}
