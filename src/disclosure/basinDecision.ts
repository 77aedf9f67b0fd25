import type { BasinCell } from '../marts/crisis/basinCells.js';
import { decidePublication } from './decidePublication.js';
import { figureKey } from './figureKey.js';
import type { Hypercube } from './hypercube.js';

/** The breakdowns each published basin table crosses with the province. */
export type Breakdown = 'ateco_sezione' | 'cittadinanza' | 'sesso';
export const breakdowns: Breakdown[] = ['ateco_sezione', 'cittadinanza', 'sesso'];
/** The two published measures, and the one a reader derives from them (workers without a flag). */
export const measures = ['lavoratori', 'di_cui_permesso_a_rischio'] as const;
const COMPLEMENT = 'senza_permesso_a_rischio';

/**
 * The name of a basin figure on a date: a province's (or, null, the region's) workers,
 * of one value of a breakdown or all. The crisis-basin files, their summary and the
 * semi-annual report show a figure under this key, as the date's decision publishes it.
 */
export const basinKey = (
  date: string,
  provincia: string | null,
  measure: string,
  breakdown?: readonly [Breakdown, string],
) => figureKey('bacini', { data: date, provincia, ...(breakdown ? { [breakdown[0]]: breakdown[1] } : {}) }, measure);

/**
 * The basin figures of a date as three hypercubes, province x sector, province x
 * country (every country: the tables show the largest ones, which depend on the date
 * a table is made on), province x sex (both sexes, zeros included), sharing the
 * province and regional totals. Each row holds the workers, those with a permit at
 * risk, and those without: a reader has that difference whenever both are shown, so
 * it is a count the threshold applies to, and it keeps `di cui` below the total.
 */
export function basinHypercubes(cells: readonly BasinCell[], date: string): Hypercube[] {
  const provinces = [...new Set(cells.map((c) => c.provincia))].sort();
  return breakdowns.map((dim) => {
    const own = cells.filter((c) => c.dimensione === dim);
    const values = [...new Set([...(dim === 'sesso' ? ['M', 'F'] : []), ...own.map((c) => c.valore)])].sort();
    const at = new Map(own.map((c) => [`${c.provincia}|${c.valore}`, c]));
    return {
      family: 'bacini',
      dims: ['provincia', dim],
      constants: { data: date },
      measures: [...measures, COMPLEMENT].map((name) => ({ name, count: true, additive: true })),
      identities: [
        {
          measure: 'lavoratori',
          terms: [
            ['di_cui_permesso_a_rischio', 1],
            [COMPLEMENT, 1],
          ],
        },
      ],
      rows: provinces.flatMap((p) =>
        values.map((v) => {
          const c = at.get(`${p}|${v}`);
          const [workers, atRisk] = [Number(c?.lavoratori ?? 0), Number(c?.di_cui_permesso_a_rischio ?? 0)];
          return { dims: [p, v], values: [workers, atRisk, workers - atRisk] };
        }),
      ),
    };
  });
}

/**
 * What the basin tables of a date publish, figure by figure (basinKey -> withheld):
 * the decision of the ORIM tables (decidePublication: primary suppression, protection
 * patterns, the LP audit) over the date's hypercubes. It depends on the date's figures
 * only, so every output that shows them (the crisis basins of that date, of a month
 * and of a year later, the semester's report) withholds the same ones.
 */
export function decideBasins(cells: readonly BasinCell[], date: string, minCell: number): Map<string, boolean> {
  const decision = decidePublication(basinHypercubes(cells, date), minCell);
  return new Map([...decision.figures].filter(([key]) => !key.endsWith(`|${COMPLEMENT}`)));
}
