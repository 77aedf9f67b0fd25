import { describe, expect, it } from 'vitest';
import { decidePublication } from '../src/disclosure/decidePublication.js';
import { figureKey } from '../src/disclosure/figureKey.js';
import type { Hypercube } from '../src/disclosure/hypercube.js';

/**
 * The tables of a year decided with their semesters' (disclosure/yearWithSemesters.ts):
 * a reader of the annual and the semi-annual tables must not get a withheld semester
 * figure as the year's minus the other semester's.
 */
const byProvince = (values: Record<string, number>, overSemesters?: Hypercube['overSemesters']): Hypercube => ({
  family: 'flussi',
  dims: ['provincia'],
  measures: [{ name: 'attivazioni', count: true, additive: true }],
  ...(overSemesters ? { overSemesters } : {}),
  rows: Object.entries(values).map(([p, v]) => ({ dims: [p], values: [v] })),
});
const key = (provincia?: string) => figureKey('flussi', provincia ? { provincia } : {}, 'attivazioni');
const decided = (semestre: string, cube: Hypercube) => {
  const { figures, values } = decidePublication([cube], 5);
  return { semestre, figures, values };
};
const semester = (semestre: string, values: Record<string, number>) => decided(semestre, byProvince(values, 'sum'));

describe('a year decided with its semesters', () => {
  // H1: MI 10, BG 2 (region 12); H2: MI 10, BG 10 (region 20); the year: MI 20, BG 12 (region 32).
  const h1 = semester('2025-H1', { MI: 10, BG: 2 });
  const h2 = semester('2025-H2', { MI: 10, BG: 10 });
  const year = byProvince({ MI: 20, BG: 12 }, 'sum');

  it('the semesters alone: H1 withholds BG (2) and MI with it, as the region total 12 is shown; H2 shows everything', () => {
    expect([key('BG'), key('MI'), key()].map((k) => h1.figures.get(k))).toEqual([true, true, false]);
    expect([key('BG'), key('MI'), key()].map((k) => h2.figures.get(k))).toEqual([false, false, false]);
  });

  it('decided alone, the year has no small count and shows BG 12, which minus H2 BG 10 gives H1 BG 2', () => {
    const alone = decidePublication([year], 5);
    expect(alone.figures.get(key('BG'))).toBe(false);
  });

  it("decided with them, the year withholds BG and MI (each would give H1's away) and still shows the region, 12 + 20", () => {
    const joint = decidePublication([year], 5, [h1, h2]);
    expect(joint.figures.get(key('BG'))).toBe(true);
    expect(joint.figures.get(key('MI'))).toBe(true);
    expect(joint.figures.get(key())).toBe(false);
    // the decision names the year's figures only, as the report reads them
    expect([...joint.figures.keys()].every((k) => !k.includes('semestre='))).toBe(true);
    expect(joint.withheld[0]).toEqual([[true], [true]]);
  });

  it("a stock on 31 December is H2's own: the year keeps H2's decision, and H1's stock (30, 9) enters no sum", () => {
    const stock = (values: Record<string, number>) => ({ ...byProvince(values, 'end'), family: 'stock' });
    const sk = (p?: string) => figureKey('stock', p ? { provincia: p } : {}, 'attivazioni');
    // H2 ends with BG 3 (withheld, and MI with it); the year's 31 December is the same day
    const joint = decidePublication([stock({ MI: 40, BG: 3 })], 5, [
      decided('2025-H1', stock({ MI: 30, BG: 9 })),
      decided('2025-H2', stock({ MI: 40, BG: 3 })),
    ]);
    expect([sk('BG'), sk('MI'), sk()].map((k) => joint.figures.get(k))).toEqual([true, true, false]);
  });

  it('residents on 1 January, shown by both semesters, are withheld in the year where either semester withholds them', () => {
    const residents = (values: Record<string, number>) => ({ ...byProvince(values, 'same'), family: 'istat' });
    const ik = (p: string) => figureKey('istat', { provincia: p }, 'attivazioni');
    const h1Residents = decided('2025-H1', residents({ MI: 40, BG: 30 }));
    // as if H2's decision had withheld BG (another table of its system made it a complement)
    const h2 = decided('2025-H2', residents({ MI: 40, BG: 30 }));
    const h2Residents = { ...h2, figures: new Map([...h2.figures, [ik('BG'), true]]) };
    const joint = decidePublication([residents({ MI: 40, BG: 30 })], 5, [h1Residents, h2Residents]);
    expect([ik('BG'), ik('MI')].map((k) => joint.figures.get(k))).toEqual([true, false]);
  });

  it('distinct workers, which do not add up over the semesters, take the small-count rule only', () => {
    const workers = (values: Record<string, number>): Hypercube => ({
      ...byProvince(values, 'sum'),
      measures: [{ name: 'lavoratori', count: true, additive: false }],
    });
    const wk = (p: string) => figureKey('flussi', { provincia: p }, 'lavoratori');
    const joint = decidePublication([workers({ MI: 15, BG: 4 })], 5, [
      decided('2025-H1', workers({ MI: 10, BG: 3 })),
      decided('2025-H2', workers({ MI: 9, BG: 2 })),
    ]);
    expect([wk('BG'), wk('MI')].map((k) => joint.figures.get(k))).toEqual([true, false]);
  });

  it('refuses a table whose year is not the sum of its semesters, as declared', () => {
    expect(() => decidePublication([byProvince({ MI: 21, BG: 12 }, 'sum')], 5, [h1, h2])).toThrow(
      /flussi\|provincia=MI\|attivazioni is 21, its semesters' \(sum\) give 20/,
    );
  });
});
