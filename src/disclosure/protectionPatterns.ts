import { roundInwards } from './cellIntervals.js';
import { highs } from './highsSolver.js';
import type { DisclosureSystem } from './linkedCells.js';

/**
 * Secondary suppression by protection patterns (the incremental method of Fischetti
 * and Salazar, which tau-Argus's "optimal" method and sdcTable's "OPT" follow): for a
 * small count x of value v, one linear programme finds the cheapest change of the
 * published table that takes x down to 0 while every relation a reader knows still
 * holds and every count stays at or above 0, and one more the cheapest that takes it
 * up to the threshold. A shown figure the change touches cannot stay shown: it is
 * withheld. A figure already withheld costs nothing to touch, so patterns share their
 * complements. Each changed table is consistent with everything published once its
 * figures are withheld, and withholding more only adds consistent tables, so at the end
 * an attacker cannot rule out x = 0 nor x = minCell: its interval is at least minCell
 * wide, which is what protectionRule asks of a small count.
 *
 * A solution is kept only when it is such a table for the whole system (a derived
 * figure moved with its terms may be in relations of another table the problem does
 * not hold: saldo counts trasformazioni_ti by contract group, not by sector); then the
 * values seen for every figure across all the solutions (`seen`) lie inside its interval: a small count whose seen range is wide
 * enough already needs no LP of its own. Touching a shown figure costs per unit of
 * change (a pattern moves each of its figures by the same amount, so the cost counts
 * the figures it withholds); margins cost far more than cells, so a total the report
 * shows is withheld only when no pattern of cells can do, and zeros cost more than
 * counts (a shown zero tells that nothing happened there).
 */
export interface PatternProblem {
  /** The figures that may move (the LP's variables). */
  figures: readonly string[];
  /** Figures that must not move (shared with a table this problem does not hold). */
  held?: ReadonlySet<string>;
  /** The relations between the figures (indexes into system.relations); a figure of them not in `figures` is held where it is. */
  relations: readonly number[];
  /** Figures that move with a figure, by the coefficient of its move (the derived measures of its row: cessazioni, saldo). */
  movesWith?: (key: string) => readonly (readonly [string, number])[];
}

/** Values seen for figures in tables consistent with what is published: inside their intervals. */
export type SeenRanges = Map<string, { lo: number; hi: number }>;

/** A total costs this times 30 for each dimension it sums over: the province and region totals are the report's headline figures. */
const MARGIN_COST = 1000;
/** A zero shown is worth more than a count: a reader learns that nothing happened there. Withheld only when no count can do. */
const ZERO_COST = 4;
const EPS = 1e-7;

/** One problem's LP, kept for all its small counts, each solve warm-started from the last. */
export class PatternLp {
  private readonly column: Map<string, number>;
  private readonly fallCap: number[];
  private readonly model;
  lps = 0;

  constructor(
    private readonly system: DisclosureSystem,
    private readonly problem: PatternProblem,
  ) {
    const keys = problem.figures;
    const n = keys.length;
    this.column = new Map(keys.map((k, i) => [k, i]));
    const cells = keys.map((k) => system.cells.get(k)!);
    // columns: p_i (0..n-1) the rise of figure i, m_i (n..2n-1) its fall; its move is p_i - m_i
    const starts = [0];
    const indices: number[] = [];
    const values: number[] = [];
    for (const r of problem.relations) {
      const row = new Map<number, number>();
      for (const [k, c] of system.relations[r]!) {
        const j = this.column.get(k);
        if (j === undefined) continue; // held where it is (outside the problem)
        row.set(j, (row.get(j) ?? 0) + c);
      }
      for (const [j, c] of row)
        if (c !== 0) {
          indices.push(j, j + n);
          values.push(c, -c);
        }
      starts.push(indices.length);
    }
    const held = (k: string) => problem.held?.has(k) ?? false;
    this.fallCap = cells.map((c) =>
      held(c.key) ? 0 : c.lower === -Infinity ? highs.infinity : c.value - (c.lower ?? 0),
    );
    const riseCap = cells.map((c) => (held(c.key) ? 0 : highs.infinity));
    const unit = cells.map((c) =>
      c.suppressed ? 0 : c.summed !== undefined ? MARGIN_COST * 30 ** c.summed : c.value === 0 ? ZERO_COST : 1,
    );
    const rows = problem.relations.length;
    this.model = highs.createModel({
      numCols: 2 * n,
      numRows: rows,
      colCost: [...unit, ...unit],
      colLower: new Array(2 * n).fill(0),
      colUpper: [...riseCap, ...this.fallCap],
      rowLower: new Array(rows).fill(0),
      rowUpper: new Array(rows).fill(0),
      matrix: { format: 'csr', numRows: rows, numCols: 2 * n, starts, indices, values },
    });
    // no presolve: each LP differs from the last by a few bounds and costs, and the
    // previous basis (which presolve would throw away) is a few pivots from the answer
    this.model.options.set({ output_flag: false, presolve: 'off' });
  }

  has(key: string): boolean {
    return this.column.has(key) && !(this.problem.held?.has(key) ?? false);
  }

  /** A figure was withheld (by any problem): touching it costs nothing from now on. */
  withheld(key: string): void {
    const j = this.column.get(key);
    if (j !== undefined) {
      this.model.changeColCost(j, 0);
      this.model.changeColCost(j + this.problem.figures.length, 0);
    }
  }

  /**
   * Moves `key` by `by` (positive: up) at least cost; records the table in `seen` and
   * returns the shown figures it touched (the caller withholds them), or undefined when
   * no consistent table moves it so.
   */
  move(key: string, by: number, seen: SeenRanges): string[] | undefined {
    const n = this.problem.figures.length;
    const j = this.column.get(key)!;
    if (by > 0) {
      this.model.changeColBounds(j, by, by);
      this.model.changeColBounds(j + n, 0, 0);
    } else {
      this.model.changeColBounds(j, 0, 0);
      this.model.changeColBounds(j + n, -by, -by);
    }
    this.lps++;
    this.model.run();
    let touched: string[] | undefined;
    if (this.model.getModelStatus() === highs.constants.modelStatus.optimal) {
      const x = this.model.getSolution().colValue;
      const moves = new Map<string, number>();
      const add = (k: string, delta: number) => moves.set(k, (moves.get(k) ?? 0) + delta);
      for (let i = 0; i < n; i++) {
        const y = x[i]! - x[i + n]!;
        if (Math.abs(y) <= EPS) continue;
        const k = this.problem.figures[i]!;
        add(k, y);
        for (const [d, c] of this.problem.movesWith?.(k) ?? []) add(d, c * y);
      }
      // the changed table must hold every relation of the system, not only the problem's
      // (a derived figure moved with its terms may be in relations the problem does not
      // hold): otherwise it is not a table a reader could have, and proves nothing
      if (consistent(this.system, moves)) {
        touched = [];
        for (const [k, delta] of moves) {
          const cell = this.system.cells.get(k)!;
          const v = cell.value + delta;
          const range = seen.get(k) ?? { lo: cell.value, hi: cell.value };
          seen.set(k, { lo: Math.min(range.lo, v), hi: Math.max(range.hi, v) });
          if (!cell.suppressed) touched.push(k);
        }
      }
    }
    this.model.changeColBounds(j, 0, highs.infinity);
    this.model.changeColBounds(j + n, 0, this.fallCap[j]!);
    return touched;
  }

  dispose(): void {
    this.model.dispose();
  }
}

/** Whether the figures moved so still satisfy every relation of the system and their lower bounds. */
function consistent(system: DisclosureSystem, moves: ReadonlyMap<string, number>): boolean {
  const checked = new Set<number>();
  for (const [k, delta] of moves) {
    const cell = system.cells.get(k)!;
    if (cell.value + delta < (cell.lower ?? 0) - 1e-6) return false;
    for (const r of system.relationsOf.get(k) ?? []) {
      if (checked.has(r)) continue;
      checked.add(r);
      const sum = system.relations[r]!.reduce((a, [key, c]) => a + c * (moves.get(key) ?? 0), 0);
      if (Math.abs(sum) > 1e-6) return false;
    }
  }
  return true;
}

/** The seen range of a figure, rounded inwards to integers (an integer attacker gets at least that far). */
export function seenInterval(seen: SeenRanges, key: string, value: number): { lo: number; hi: number } {
  const r = seen.get(key) ?? { lo: value, hi: value };
  const [lo, hi] = roundInwards(r.lo, r.hi);
  return { lo, hi };
}

/**
 * Protects each figure of `targets` (small counts first), and each figure the patterns
 * withhold on the way (a complement needs its own width: `width`), by the first
 * problem that holds it (a problem's `has`): down as far as 0 allows and the width
 * needs, then up for the rest. Returns the figures no problem could move so (held
 * everywhere, or infeasible): the caller's next problems, or its audit, deal with them.
 */
export function withholdPatterns(
  system: DisclosureSystem,
  lps: readonly PatternLp[],
  targets: readonly string[],
  seen: SeenRanges,
  width: (key: string) => number,
): string[] {
  const left: string[] = [];
  const queue = [...targets];
  const queued = new Set(queue);
  const withhold = (keys: readonly string[]) => {
    for (const key of keys) {
      for (const k of system.suppress(key)) {
        for (const lp of lps) lp.withheld(k);
        if (!queued.has(k) && width(k) > 0) {
          queued.add(k);
          queue.push(k);
        }
      }
    }
  };
  for (let i = 0; i < queue.length; i++) {
    const key = queue[i]!;
    const need = width(key);
    const v = system.cells.get(key)!.value;
    let { lo, hi } = seenInterval(seen, key, v);
    // in no relation, nothing published bounds it
    if (hi - lo >= need || !system.relationsOf.has(key)) continue;
    const lp = lps.find((p) => p.has(key));
    if (!lp) {
      left.push(key);
      continue;
    }
    const down = Math.min(lo, need - (hi - lo));
    if (down > 0) {
      const touched = lp.move(key, lo - down - v, seen);
      if (!touched) {
        left.push(key);
        continue;
      }
      withhold(touched);
      ({ lo, hi } = seenInterval(seen, key, v));
    }
    if (hi - lo < need) {
      const touched = lp.move(key, lo + need - v, seen);
      if (!touched) {
        left.push(key);
        continue;
      }
      withhold(touched);
    }
  }
  return left;
}
