import type { Hypercube, HypercubeKeys } from './hypercube.js';
import { parseFigureKey, withMeasure } from './figureKey.js';
import type { DisclosureSystem } from './linkedCells.js';
import type { PatternProblem } from './protectionPatterns.js';

/**
 * The protection LPs of a set of hypercubes, one per family and measure (all the
 * `attivazioni` of the flow tables, their cells and margins, with the sums between
 * them): a small count is protected by a pattern of its own measure, which keeps the
 * LP a few thousand figures wide instead of the whole system. What links measures is
 * a row's identities (cessazioni = comunicate + a termine, saldo = attivazioni -
 * cessazioni): a derived measure moves with the measures it is made of (`movesWith`,
 * at the same place, by the identity's coefficient) rather than on its own, so its
 * figures are held in its own measure's problem. A figure two tables share (the
 * province x group totals) moves in both, as both tables' sums are in the problem;
 * but a figure whose derived figure is also in a table without it is held (co_cittadinanze
 * has cessazioni without its terms: a derived total moving with the flow tables' terms
 * would break its sums). What the per-measure problems hold is protected by the
 * province problems (`LocalProblems`), the caller's fallback.
 */
export function patternProblems(
  system: DisclosureSystem,
  cubes: readonly Hypercube[],
  keys: readonly HypercubeKeys[],
): PatternProblem[] {
  const cubesOf = new Map<string, Set<number>>();
  keys.forEach((k, c) =>
    k.figures.forEach((set) => {
      for (const f of set) cubesOf.set(f, (cubesOf.get(f) ?? new Set()).add(c));
    }),
  );
  const closures = cubes.map(derivedCoefficients);
  const groups = new Map<string, { figures: Set<string>; held: Set<string> }>();
  cubes.forEach((cube, c) =>
    cube.measures.forEach((m, j) => {
      const id = `${cube.family}|${m.name}`;
      const group = groups.get(id) ?? { figures: new Set<string>(), held: new Set<string>() };
      groups.set(id, group);
      const derived = (cube.identities ?? []).some((i) => i.measure === m.name);
      for (const f of keys[c]!.figures[j]!) {
        if (!system.relationsOf.has(f)) continue;
        group.figures.add(f);
        if (derived) group.held.add(f);
      }
    }),
  );
  const movesWith = (k: string) => {
    const out = new Map<string, number>();
    const { measure } = parseFigureKey(k);
    for (const c of cubesOf.get(k) ?? []) {
      for (const [d, coefficient] of closures[c]!.get(measure) ?? []) out.set(withMeasure(k, d), coefficient);
    }
    return [...out].filter(([d]) => system.cells.has(d));
  };
  // a figure whose derived figures another table also holds would move that table's totals alone
  const reachesOthers = (f: string) =>
    movesWith(f).some(([d]) => [...(cubesOf.get(d) ?? [])].some((c) => !cubesOf.get(f)!.has(c)));
  const problems: PatternProblem[] = [];
  for (const { figures, held } of groups.values()) {
    for (const f of figures) if (!held.has(f) && reachesOthers(f)) held.add(f);
    if (figures.size === held.size) continue;
    const relations = new Set<number>();
    for (const f of figures) {
      for (const r of system.relationsOf.get(f) ?? [])
        if (system.relations[r]!.every(([k]) => figures.has(k))) relations.add(r);
    }
    problems.push({ figures: [...figures], held, relations: [...relations], movesWith });
  }
  return problems;
}

/**
 * The fallback for the small counts a measure's problem cannot protect (sparse tables,
 * where a pattern must go through a total the tables share): every measure of every
 * table with all the relations, as the whole system is, but only the figures of the
 * count's province, of one partner province (the one with most figures shown, so that
 * a pattern has two provinces to go through) and of the region. The others are held
 * where they are: a relation reaching them holds among the figures kept. Twelve
 * provinces' problems of a few thousand figures solve in far less time than the whole
 * system's, whose LPs take seconds each on a sparse table.
 */
export class LocalProblems {
  private readonly provinceOf = new Map<string, string | undefined>();
  private readonly partners: string[];

  constructor(private readonly system: DisclosureSystem) {
    const shown = new Map<string, number>();
    for (const k of system.relationsOf.keys()) {
      // the territory of the figure: its province, or the CPI or ambito of the crisis basins by area
      const { pairs } = parseFigureKey(k);
      const p = pairs.provincia ?? pairs.cpi ?? pairs.ambito;
      this.provinceOf.set(k, p);
      if (p !== undefined && !system.cells.get(k)!.suppressed) shown.set(p, (shown.get(p) ?? 0) + 1);
    }
    this.partners = [...shown].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([p]) => p);
  }

  /** The province of a figure's problem (undefined: a figure of the region, whose problem is the two largest provinces'). */
  provinceFor(key: string): string | undefined {
    return this.provinceOf.get(key);
  }

  problem(province: string | undefined): PatternProblem {
    const partner = this.partners.find((p) => p !== province);
    // the region's figures, the province's and its partner's (a figure of the region: the two largest provinces)
    const keep = new Set<string | undefined>([undefined]);
    for (const p of [province, partner, province === undefined ? this.partners[1] : undefined])
      if (p !== undefined) keep.add(p);
    const figures = [...this.provinceOf].filter(([, p]) => keep.has(p)).map(([k]) => k);
    const relations = new Set<number>();
    for (const f of figures) for (const r of this.system.relationsOf.get(f)!) relations.add(r);
    return { figures, relations: [...relations] };
  }
}

/**
 * Per measure of a cube, the measures derived from it through the identities, with the
 * coefficient of its move in theirs (saldo moves by -1 with cessazioni_comunicate,
 * through cessazioni).
 */
function derivedCoefficients(cube: Hypercube): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  const identities = cube.identities ?? [];
  for (const m of cube.measures) {
    const found = new Map<string, number>();
    let frontier = new Map([[m.name, 1]]);
    while (frontier.size) {
      const next = new Map<string, number>();
      for (const [f, a] of frontier) {
        for (const identity of identities) {
          const term = identity.terms.find(([t]) => t === f);
          if (!term) continue;
          found.set(identity.measure, (found.get(identity.measure) ?? 0) + a * term[1]);
          next.set(identity.measure, (next.get(identity.measure) ?? 0) + a * term[1]);
        }
      }
      frontier = next;
    }
    out.set(m.name, found);
  }
  return out;
}
