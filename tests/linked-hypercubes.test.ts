import { describe, expect, it } from 'vitest';
import { decidePublication } from '../src/reports/disclosure/decidePublication.js';
import { figureKey } from '../src/reports/disclosure/figureKey.js';
import type { Hypercube } from '../src/reports/disclosure/hypercube.js';
import { lpBoundsByParts, readerOfHypercubes } from './disclosureAttack.js';

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

/** The reader of the tables (readerOfHypercubes), and the interval of every withheld figure (another LP solver). */
function attack(cubes: Hypercube[], decision: ReturnType<typeof decidePublication>) {
  const { figures, relations } = readerOfHypercubes(cubes, decision.withheld, decision.figures);
  return { figures, bounds: lpBoundsByParts(figures, relations) };
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
