import { describe, expect, it } from 'vitest';
import { decidePublication } from '../src/reports/disclosure/decidePublication.js';
import { figureKey } from '../src/reports/disclosure/figureKey.js';
import type { Hypercube } from '../src/reports/disclosure/hypercube.js';
import { lpBounds } from './disclosureAttack.js';

const count = (name: string) => ({ name, count: true, additive: true });

describe('protection patterns (decidePublication)', () => {
  it('protects a 1 in a 2 x 2 table with every total shown by withholding its four cells, and nothing else', () => {
    // 1 10 | 11        a 1 may go down to 0 (+1 on the two neighbours, -1 on the opposite corner)
    // 10 10 | 20       and up to 5 (-4 on the opposite corner's... +4 there): every total stays
    // 11 20 | 31       as published, each of the four cells takes values 5 apart, margins shown
    const cube: Hypercube = {
      family: 't', dims: ['provincia', 'gruppo_cittadinanza'], measures: [count('n')],
      rows: [['A', 'X', 1], ['A', 'Y', 10], ['B', 'X', 10], ['B', 'Y', 10]].map(([p, g, v]) => ({ dims: [p as string, g as string], values: [v as number] })),
    };
    const d = decidePublication([cube], 5);
    expect(d.withheld[0]!.map(([h]) => h)).toEqual([true, true, true, true]);
    for (const pairs of [{ provincia: 'A' }, { provincia: 'B' }, { gruppo_cittadinanza: 'X' }, { gruppo_cittadinanza: 'Y' }, {}]) {
      expect(d.figures.get(figureKey('t', pairs, 'n')), JSON.stringify(pairs)).toBe(false);
    }
  });

  it('withholds nothing when no count is small, and nothing at all with --min-cell 1', () => {
    const cube: Hypercube = { family: 't', dims: ['provincia'], measures: [count('n')], rows: [{ dims: ['A'], values: [7] }, { dims: ['B'], values: [0] }] };
    expect(decidePublication([cube], 5).withheld[0]).toEqual([[false], [false]]);
    const small: Hypercube = { ...cube, rows: [{ dims: ['A'], values: [1] }, { dims: ['B'], values: [2] }] };
    expect(decidePublication([small], 1).withheld[0]).toEqual([[false], [false]]);
  });
});

/** A seeded generator (the same tables on every run). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const PROVINCES = ['BG', 'CO', 'LC'];
const GROUPS = ['NUE', 'UE'];
const BREAKDOWNS = { sesso: ['F', 'M'], ateco_sezione: ['A', 'C', 'F'] };
const MEASURES = ['attivazioni', 'cessazioni_comunicate', 'cessazioni_a_termine', 'cessazioni', 'saldo'] as const;

/**
 * Two flow tables counted from the same events (by sex, by sector), so they share their
 * province x group totals, with the identities of the ORIM flow tables.
 */
function linkedTables(seed: number, events: number) {
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const list = Array.from({ length: events }, () => ({
    provincia: pick(PROVINCES), gruppo_cittadinanza: pick(GROUPS), sesso: pick(BREAKDOWNS.sesso), ateco_sezione: pick(BREAKDOWNS.ateco_sezione),
    kind: pick(['attivazioni', 'attivazioni', 'cessazioni_comunicate', 'cessazioni_a_termine']),
  }));
  return (['sesso', 'ateco_sezione'] as const).map((by): Hypercube => ({
    family: 'flussi', dims: ['provincia', 'gruppo_cittadinanza', by],
    measures: MEASURES.map((m) => ({ ...count(m), count: m !== 'saldo', signed: m === 'saldo' })),
    identities: [{ measure: 'cessazioni', terms: [['cessazioni_comunicate', 1], ['cessazioni_a_termine', 1]] },
      { measure: 'saldo', terms: [['attivazioni', 1], ['cessazioni', -1]] }],
    rows: PROVINCES.flatMap((p) => GROUPS.flatMap((g) => BREAKDOWNS[by].map((v) => {
      const here = list.filter((e) => e.provincia === p && e.gruppo_cittadinanza === g && e[by] === v);
      const n = (k: string) => here.filter((e) => e.kind === k).length;
      const cess = n('cessazioni_comunicate') + n('cessazioni_a_termine');
      return { dims: [p, g, v], values: [n('attivazioni'), n('cessazioni_comunicate'), n('cessazioni_a_termine'), cess, n('attivazioni') - cess] };
    }))),
  }));
}

/**
 * What a reader of the two tables and of every published total has, built here from
 * the rows and not by the production code: each cell, each total over any of the
 * dimensions that keeps at most one breakdown (what the report and the province
 * editions publish), shown unless the decision withheld it, the sums that make the
 * totals, and the identities of every row. Then, for every withheld figure, the
 * interval an attacker derives (lpBounds, another LP solver).
 */
function attack(cubes: Hypercube[], decision: ReturnType<typeof decidePublication>) {
  const figures = new Map<string, { value: number; shown: boolean; signed?: boolean }>();
  const relations: [string, number][][] = [];
  const seenRelation = new Set<string>();
  const relate = (r: [string, number][]) => {
    const text = r.map(([k, c]) => `${c}${k}`).sort().join(' ');
    if (!seenRelation.has(text)) { seenRelation.add(text); relations.push(r); }
  };
  cubes.forEach((cube, c) => {
    const keyOf = (dims: readonly (string | null)[], m: string) => figureKey(cube.family, Object.fromEntries(cube.dims.map((d, i) => [d, dims[i]])), m);
    cube.rows.forEach((row, r) => cube.measures.forEach((m, j) => {
      figures.set(keyOf(row.dims, m.name), { value: row.values[j]!, shown: !decision.withheld[c]![r]![j], ...(m.signed ? { signed: true } : {}) });
    }));
    for (const row of cube.rows) {
      const at = (m: string) => keyOf(row.dims, m);
      relate([[at('cessazioni'), -1], [at('cessazioni_comunicate'), 1], [at('cessazioni_a_termine'), 1]]);
      relate([[at('saldo'), -1], [at('attivazioni'), 1], [at('cessazioni'), -1]]);
    }
    // totals: keep any of provincia and gruppo, and the breakdown or not (never all three)
    for (const keep of [[0, 1], [0], [1], [], [0, 2], [1, 2], [2]]) {
      for (const [j, m] of cube.measures.entries()) {
        const totals = new Map<string, { value: number; parts: string[] }>();
        for (const row of cube.rows) {
          const k = keyOf(row.dims.map((v, i) => (keep.includes(i) ? v : null)), m.name);
          const t = totals.get(k) ?? { value: 0, parts: [] };
          t.value += row.values[j]!;
          t.parts.push(keyOf(row.dims, m.name));
          totals.set(k, t);
        }
        for (const [k, t] of totals) {
          figures.set(k, { value: t.value, shown: decision.figures.get(k) === false, ...(m.signed ? { signed: true } : {}) });
          relate([[k, -1], ...t.parts.map((p): [string, number] => [p, 1])]);
        }
      }
    }
  });
  const broken = relations.filter((r) => Math.abs(r.reduce((a, [k, c]) => a + c * figures.get(k)!.value, 0)) > 1e-9);
  if (broken.length) throw new Error(`the attacker's relations do not hold: ${JSON.stringify(broken[0])}`);
  return { figures, bounds: lpBounds(figures, relations) };
}

describe('linked tables protected together, checked by an independent LP attacker', () => {
  for (const seed of [11, 12, 13]) {
    it(`two flow tables sharing their totals (seed ${seed}): every withheld figure keeps an interval at least 5 wide`, () => {
      const cubes = linkedTables(seed, 400);
      const decision = decidePublication(cubes, 5);
      const { figures, bounds } = attack(cubes, decision);
      const small = [...figures].filter(([, f]) => !f.signed && f.value >= 1 && f.value < 5);
      expect(small.length).toBeGreaterThan(3);
      // every small count is withheld, and cannot be narrowed below the threshold
      for (const [k] of small) expect(figures.get(k)!.shown, k).toBe(false);
      const narrow = [...bounds].filter(([, { lo, hi }]) => hi - lo < 5).map(([k, b]) => `${k} ${figures.get(k)!.value} in [${b.lo}, ${b.hi}]`);
      expect(narrow).toEqual([]);
      // and it is not everything: most figures stay published
      expect([...figures.values()].filter((f) => f.shown).length).toBeGreaterThan(figures.size / 3);
    });
  }
});
