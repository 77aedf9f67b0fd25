import { addHypercube, type Hypercube } from './hypercube.js';
import { DisclosureSystem } from './linkedCells.js';
import { smallCount } from './smallCount.js';

/** A semester's tables as decided on their own: what `report semiannual` publishes for it. */
export interface DecidedSemester {
  semestre: string;
  /** Every figure of its decision by key: withheld (true) or shown (false). */
  figures: ReadonlyMap<string, boolean>;
  /** The exact value of every figure, by the same keys. */
  values: ReadonlyMap<string, number>;
}

/** The decision of a year's tables tied to their semesters: the same shape as decidePublication's. */
export interface YearDecision {
  withheld: boolean[][][];
  figures: Map<string, boolean>;
  values: Map<string, number>;
  primary: number;
}

/**
 * Decides the tables of a year whose figures follow from their semesters'
 * (Hypercube.overSemesters: `sum`, `end`, `same`) from the semesters' decisions alone:
 * a figure of the year is shown only when every semester figure it is made of is shown
 * (or absent, a zero), and withheld otherwise. Then every figure the year shows is
 * a sum of figures the semesters show and every relation of the year's tables is a
 * sum of the semesters' relations, so the annual tables tell a reader of the
 * semi-annual ones nothing new: no difference of a year and a semester gives a
 * withheld figure away, and a withheld year figure is as wide as its withheld
 * semester figures together (each at least the threshold wide). A small count of the
 * year has a withheld semester figure under it, so it is withheld too. Distinct workers
 * (measures that are not additive) have no such sum: they take the small-count rule,
 * and have no margins a reader could subtract. The cost: the year withholds at least
 * what either semester withholds. Throws when a figure does not follow its rule (the
 * tables' queries changed and the rule no longer holds): it would not be true.
 */
export function decideYearBySemesters(
  cubes: readonly Hypercube[],
  semesters: readonly DecidedSemester[],
  minCell: number,
): YearDecision {
  const system = new DisclosureSystem();
  const keys = cubes.map((cube) => addHypercube(system, cube, minCell));
  const figures = new Map<string, boolean>();
  const last = semesters.at(-1);
  cubes.forEach((cube, c) => {
    const rule = cube.overSemesters;
    if (!rule || !last) throw new Error(`decideYearBySemesters: a table of ${cube.family} has no overSemesters rule`);
    cube.measures.forEach((m, j) => {
      for (const key of keys[c]!.figures[j]!) {
        const value = system.cells.get(key)!.value;
        if (!m.additive && rule === 'sum') {
          figures.set(key, m.count && smallCount(value, minCell));
          continue;
        }
        const sets = rule === 'sum' ? [semesters] : rule === 'end' ? [[last]] : semesters.map((s) => [s]);
        let withheld = false;
        for (const set of sets) {
          // a figure a semester's tables do not hold is a zero there (no row)
          const total = set.reduce((a, s) => a + (s.values.get(key) ?? 0), 0);
          if (Math.abs(total - value) > 1e-6)
            throw new Error(
              `disclosure audit: the year's figure ${key} is ${value}, its semesters' (${rule}) give ${total}: ` +
                'the table does not follow its overSemesters rule',
            );
          if (set.some((s) => s.figures.get(key) === true)) withheld = true;
        }
        figures.set(key, withheld);
      }
    });
  });
  const withheld = keys.map(({ cells }) => cells.map((row) => row.map((k) => figures.get(k)!)));
  const primary = [...system.cells.values()].filter((cell) => cell.suppressed).length;
  const values = new Map([...system.cells.values()].map((cell) => [cell.key, cell.value]));
  return { withheld, figures, values, primary };
}
