import { addHypercube, type Hypercube } from './hypercube.js';
import { smallCount } from './smallCount.js';
import { DisclosureSystem } from './linkedCells.js';
import { protectCells } from './protectCells.js';
import { requiredWidth } from './protectionRule.js';
import { LocalProblems, patternProblems } from './patternProblems.js';
import { PatternLp, seenInterval, withholdPatterns, type SeenRanges } from './protectionPatterns.js';
import { type DecidedSemester, decideYearBySemesters } from './yearWithSemesters.js';

export interface PublicationDecision {
  /** Per hypercube, row and measure: withheld. */
  withheld: boolean[][][];
  /** Every figure of the system (cells and margins) by key: withheld (true) or shown (false). */
  figures: Map<string, boolean>;
  /** The exact value of every figure, by the same keys (what a later decision ties to: yearWithSemesters.ts). */
  values: Map<string, number>;
  primary: number;
  secondary: number;
  audit: { unknowns: number; blocks: number; rounds: number; seconds: number; lps: number };
}

/**
 * Disclosure control of a set of linked tables at once (issue 11, point 2): every
 * measure of every row is a figure of its own, so a small trasformazioni_ti withholds
 * that figure, not the row's activations; the tables' margins are shared figures
 * (hypercube.ts), so secondary suppression holds across all of them.
 *
 * 1. Primary suppression withholds the small counts, cells and margins.
 * 2. Protection patterns (protectionPatterns.ts) give every withheld figure, the small
 *    counts first, an interval at least the threshold wide: a measure's own LP first
 *    (patternProblems.ts), its province's LP over every measure when that cannot; the
 *    figures a pattern touches are withheld, and protected in their turn.
 * 3. The audit (protectCells) takes every withheld figure's interval from the tables
 *    the patterns found, solves by LP any it cannot certify so, and withholds more, or
 *    refuses, if one is narrower than the threshold (protectionRule.ts).
 *
 * The tables of a year are decided after their semesters' (`semesters`, as those were
 * decided): a table whose year follows from its semesters (overSemesters) by their
 * decisions (yearWithSemesters.ts), so that the annual and the semi-annual tables
 * together give nothing away; the others (INPS's own annual rows) as above.
 */
export function decidePublication(
  cubes: readonly Hypercube[],
  minCell: number,
  semesters: readonly DecidedSemester[] = [],
): PublicationDecision {
  if (semesters.length === 0) return decideAlone(cubes, minCell);
  const tied = cubes.map((c) => c.overSemesters !== undefined);
  const year = decideYearBySemesters(
    cubes.filter((_, i) => tied[i]),
    semesters,
    minCell,
  );
  const rest = decideAlone(
    cubes.filter((_, i) => !tied[i]),
    minCell,
  );
  const figures = new Map(year.figures);
  for (const [k, v] of rest.figures) {
    // one figure in a tied table and in another would be decided twice
    if (figures.has(k))
      throw new Error(`disclosure audit: the figure ${k} is in tables tied to their semesters and in others`);
    figures.set(k, v);
  }
  const values = new Map([...year.values, ...rest.values]);
  let y = 0;
  let r = 0;
  const withheld = tied.map((t) => (t ? year.withheld[y++]! : rest.withheld[r++]!));
  const primary = year.primary + rest.primary;
  const total = [...figures.values()].filter(Boolean).length;
  return { withheld, figures, values, primary, secondary: total - primary, audit: rest.audit };
}

/** The decision of a set of hypercubes of one period. */
function decideAlone(cubes: readonly Hypercube[], minCell: number): PublicationDecision {
  const system = new DisclosureSystem();
  const keys = cubes.map((cube) => addHypercube(system, cube, minCell));
  const primary = system.suppressedKeys().length;
  let audit = { unknowns: 0, blocks: 0, rounds: 0, seconds: 0, lps: 0 };
  if (minCell > 1 && primary > 0) {
    const started = performance.now();
    // every withheld figure, the small counts first and the smallest of them first (they
    // need the widest move up); derived counts (cessazioni) after their terms, whose
    // patterns usually move them far enough
    const derived = new Set(
      cubes.flatMap((cube, c) =>
        (cube.identities ?? []).flatMap((i) =>
          keys[c]!.cells.map((row) => row[cube.measures.findIndex((m) => m.name === i.measure)]!),
        ),
      ),
    );
    const small = (k: string) => smallCount(system.cells.get(k)!.value, minCell);
    const targets = system
      .suppressedKeys()
      .sort(
        (a, b) =>
          Number(small(b)) - Number(small(a)) ||
          Number(derived.has(a)) - Number(derived.has(b)) ||
          system.cells.get(a)!.value - system.cells.get(b)!.value ||
          (a < b ? -1 : 1),
      );
    const seen: SeenRanges = new Map();
    const width = (key: string) => requiredWidth(system.cells.get(key)!, minCell);
    const unprotected: string[] = [];
    let solvedLocally = 0;
    const lps = patternProblems(system, cubes, keys).map((p) => new PatternLp(system, p));
    try {
      const left = withholdPatterns(system, lps, targets, seen, width);
      // what a measure's problem could not protect: its province's problem, all measures together
      const local = new LocalProblems(system);
      const byProvince = new Map<string | undefined, string[]>();
      for (const k of left) {
        const province = local.provinceFor(k);
        byProvince.set(province, byProvince.get(province) ?? []);
        byProvince.get(province)!.push(k);
      }
      for (const [province, group] of byProvince) {
        const lp = new PatternLp(system, local.problem(province));
        try {
          unprotected.push(...withholdPatterns(system, [lp, ...lps], group, seen, width));
        } finally {
          solvedLocally += lp.lps;
          lp.dispose();
        }
      }
    } finally {
      for (const lp of lps) lp.dispose();
    }
    const solved = lps.reduce((a, lp) => a + lp.lps, solvedLocally);
    // the audit: every withheld figure's interval, from the tables seen or by LP
    const intervals = new Map(
      system.suppressedKeys().map((k) => [k, seenInterval(seen, k, system.cells.get(k)!.value)]),
    );
    const result = protectCells(system, minCell, { seen: intervals });
    audit = {
      unknowns: system.suppressedKeys().length,
      blocks: result.blocks,
      rounds: result.rounds,
      seconds: (performance.now() - started) / 1000,
      lps: solved,
    };
  }
  const figures = new Map([...system.cells.values()].map((cell) => [cell.key, cell.suppressed]));
  const values = new Map([...system.cells.values()].map((cell) => [cell.key, cell.value]));
  const withheld = keys.map(({ cells }) => cells.map((row) => row.map((k) => figures.get(k)!)));
  const total = [...figures.values()].filter(Boolean).length;
  return { withheld, figures, values, primary, secondary: total - primary, audit };
}
