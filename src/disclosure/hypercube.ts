import { figureKey } from './figureKey.js';
import { smallCount } from './smallCount.js';
import type { DisclosureSystem } from './linkedCells.js';
import type { OverSemesters } from '../marts/orimTables.js';
import { areaLevels } from '../marts/areaLevels.js';

/**
 * One published table as a hypercube: its cells (one figure per row and measure), and
 * the margins a reader can have (the sums over its dimensions that an output publishes
 * or may publish, CORE_DIMENSIONS), with the relations between them. The figures are named by figureKey, so two tables sharing a
 * margin (the semester x province x group totals of the three flow tables) share it in
 * the system, and their relations form one linear programme.
 */
export interface Hypercube {
  /** The family of figures (`flussi`, `stock`...): figures of one family with the same pairs are one figure. */
  family: string;
  /** The dimension columns, in the order of `rows[].dims`. */
  dims: readonly string[];
  /** Pairs every cell has (co_cittadinanze is gruppo_cittadinanza=NUE throughout). */
  constants?: Readonly<Record<string, string>>;
  /**
   * Other dimensions an output publishes crossed with each other within each citizenship
   * group (co_attivazioni_orario: the report shows sesso x orario of each group over the
   * region): the margins that keep gruppo_cittadinanza and, outside CORE_DIMENSIONS, only
   * these are known as well. Crossings summed over the groups (sesso x orario of a
   * province, all groups together) are published by no output, so they are not assumed
   * known: each one is a set of relations more, and on small tables they force the audit
   * to withhold a province's headline totals.
   */
  crossed?: readonly string[];
  /**
   * Dimensions that lie within another, child -> parent (indicatori_rischio: each ATECO
   * division within its section): the pair is one breakdown, published together, so a
   * margin keeps the parent with its child or the parent alone, and a margin with the
   * child but not its parent (the same figures again, under other names) is none.
   */
  within?: Readonly<Record<string, string>>;
  measures: readonly HypercubeMeasure[];
  /** How a year's figure of this table follows from its semesters' (yearWithSemesters.ts); absent: it does not. */
  overSemesters?: OverSemesters;
  /** Relations inside every row: `measure = sum(coefficient x term)` (cessazioni = comunicate + a termine). */
  identities?: readonly { measure: string; terms: readonly (readonly [string, number])[] }[];
  rows: readonly { dims: readonly string[]; values: readonly number[] }[];
}

/**
 * The dimensions every published breakdown may keep or sum (territory, the province or
 * the area below it that crisis-basins --by counts by, and citizenship group): a margin
 * keeps any of them and at most one other dimension (the report and
 * the province editions show one breakdown at a time: by sex, by age class...). A margin
 * crossing two other dimensions (sex x age class over the region) is published by no
 * output, so it is not assumed known; an output that publishes one must add it here, or,
 * for one table, declare them `crossed`.
 */
const CORE_DIMENSIONS: ReadonlySet<string> = new Set([...areaLevels, 'gruppo_cittadinanza']);

/** The dimension a `crossed` margin keeps: outputs cross two breakdowns for each citizenship group. */
const CROSSED_WITHIN = 'gruppo_cittadinanza';

interface HypercubeMeasure {
  name: string;
  /** A count of records (the threshold applies to it); otherwise a measure derived from counts (saldo). */
  count: boolean;
  /**
   * Its sum over any dimension is the figure of the margin (events, rapporti). Distinct
   * workers are not (a worker with rapporti in two provinces is one worker of the
   * region): they get no margins and no sums, a reader cannot add them up.
   */
  additive: boolean;
  /** May be negative (saldo): no lower bound of 0. */
  signed?: boolean;
}

export interface HypercubeKeys {
  /** The key of every cell, by row then measure. */
  cells: string[][];
  /** Per measure, the keys of its cells and of its margins. */
  figures: Set<string>[];
}

/**
 * Adds a hypercube to the system: each cell withheld when it is a small count; each
 * margin of an additive measure as a figure the reader has (withheld when small,
 * chosen as a complement only when no cell can be: its cost is above any count).
 * Returns the keys of its cells, and of its figures (cells and margins) per measure.
 */
export function addHypercube(system: DisclosureSystem, cube: Hypercube, minCell: number): HypercubeKeys {
  const { dims, measures } = cube;
  const pairsOf = (values: readonly (string | null)[]) => ({
    ...cube.constants,
    ...Object.fromEntries(dims.map((d, i) => [d, values[i] ?? null])),
  });
  const keys = cube.rows.map((row) => measures.map((m) => figureKey(cube.family, pairsOf(row.dims), m.name)));
  const figures = measures.map((_, j) => new Set(keys.map((row) => row[j]!)));
  cube.rows.forEach((row, r) =>
    measures.forEach((m, j) =>
      system.addCell({
        key: keys[r]![j]!,
        value: row.values[j]!,
        suppressed: m.count && smallCount(row.values[j]!, minCell),
        ...(m.signed ? { lower: -Infinity } : {}),
      }),
    ),
  );
  const index = new Map(measures.map((m, j) => [m.name, j]));
  for (const identity of cube.identities ?? []) {
    const j = index.get(identity.measure)!;
    cube.rows.forEach((_, r) =>
      system.addRelation([
        [keys[r]![j]!, -1],
        ...identity.terms.map(([t, c]) => [keys[r]![index.get(t)!]!, c] as const),
      ]),
    );
  }
  // the levels of margins: the dimensions kept (a bit mask over dims), the full mask being the cells
  const full = (1 << dims.length) - 1;
  const bit = (d: string) => {
    const i = dims.indexOf(d);
    if (i < 0) throw new Error(`hypercube ${cube.family}: ${d} of \`within\` is not a dimension`);
    return 1 << i;
  };
  const others = dims.map((d, i) => (CORE_DIMENSIONS.has(d) ? 0 : 1 << i)).reduce((a, b) => a | b, 0);
  const bits = (n: number) => {
    let c = 0;
    for (; n; n &= n - 1) c++;
    return c;
  };
  const crossed = dims.map((d, i) => (cube.crossed?.includes(d) ? 1 << i : 0)).reduce((a, b) => a | b, 0);
  const group = dims.indexOf(CROSSED_WITHIN) >= 0 ? 1 << dims.indexOf(CROSSED_WITHIN) : 0;
  const nests = Object.entries(cube.within ?? {}).map(([child, parent]) => [bit(child), bit(parent)] as const);
  const isLevel = (mask: number) => {
    if (nests.some(([child, parent]) => mask & child && !(mask & parent))) return false;
    // a child with its parent is one breakdown
    const breakdowns = bits(mask & others) - nests.filter(([child]) => mask & child).length;
    return mask === full || breakdowns <= 1 || ((mask & others & ~crossed) === 0 && (mask & group) !== 0);
  };
  const levelKey = (mask: number, row: readonly string[], m: string) =>
    figureKey(cube.family, pairsOf(dims.map((_, i) => (mask & (1 << i) ? row[i]! : null))), m);
  for (const [j, m] of measures.entries()) {
    if (!m.additive) continue;
    // the value of every figure of every level, summed from the cells
    const sums = new Map<string, number>();
    const summedOf = new Map<string, number>();
    for (let mask = 0; mask < full; mask++) {
      if (!isLevel(mask)) continue;
      for (const row of cube.rows) {
        const k = levelKey(mask, row.dims, m.name);
        sums.set(k, (sums.get(k) ?? 0) + row.values[j]!);
        summedOf.set(k, dims.length - bits(mask));
      }
    }
    for (const k of sums.keys()) figures[j]!.add(k);
    for (const [k, v] of sums) {
      system.addCell({
        key: k,
        value: v,
        suppressed: m.count && smallCount(v, minCell),
        cost: Number.MAX_VALUE,
        summed: summedOf.get(k)!,
        ...(m.signed ? { lower: -Infinity } : {}),
      });
    }
    // each figure of a level is the sum over one dimension of the figures of the level below it
    for (let mask = 1; mask <= full; mask++) {
      if (!isLevel(mask)) continue;
      for (let d = 0; d < dims.length; d++) {
        if (!(mask & (1 << d)) || !isLevel(mask & ~(1 << d))) continue;
        const parts = new Map<string, Set<string>>();
        for (const row of cube.rows) {
          const total = levelKey(mask & ~(1 << d), row.dims, m.name);
          const part = levelKey(mask, row.dims, m.name);
          parts.set(total, (parts.get(total) ?? new Set()).add(part));
        }
        for (const [total, set] of parts) system.addRelation([...[...set].map((p) => [p, 1] as const), [total, -1]]);
      }
    }
  }
  return { cells: keys, figures };
}
