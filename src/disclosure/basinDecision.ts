import type { AreaLevel } from '../marts/areaLevels.js';
import type { BasinCell, BasinLevel } from '../marts/crisis/basinCells.js';
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
 * The name of a basin figure on a date: an area's (a province's unless `by` says a CPI's
 * or an ambito's; null: the region's) workers, of one value of a breakdown or all. The
 * crisis-basin files, their summary and the semi-annual report show a figure under this
 * key, as the date's decision publishes it. The region's figures have the same key by
 * any area.
 */
export const basinKey = (
  date: string,
  area: string | null,
  measure: string,
  breakdown?: readonly [Breakdown, string],
  by: AreaLevel = 'provincia',
) => figureKey('bacini', { data: date, [by]: area, ...(breakdown ? { [breakdown[0]]: breakdown[1] } : {}) }, measure);

/**
 * The basin figures of a date by one area level as three hypercubes, area x sector, area
 * x country (every country: the tables show the largest ones, which depend on the date a
 * table is made on), area x sex (both sexes, zeros included), sharing the area and
 * regional totals. The area is the province, or with `by` the CPI or the ambito within
 * the province (its '?', the municipalities not mapped, one more area in every province):
 * the dimensions are then province x area x breakdown, whose totals over the areas are
 * the province's figures, the same figures as the province's hypercubes have. Each row
 * holds the workers, those with a permit at risk, and those without: a reader has that
 * difference whenever both are shown, so it is a count the threshold applies to, and it
 * keeps `di cui` below the total.
 */
export function basinHypercubes(cells: readonly BasinCell[], date: string, by: AreaLevel = 'provincia'): Hypercube[] {
  const below = by !== 'provincia';
  // the cells of an area: its province's with `by` below the province
  const placeOf = (c: BasinCell) => (below ? `${c.provincia}|${c.area}` : c.area);
  const places = [...new Set(cells.map(placeOf))].sort();
  return breakdowns.map((dim) => {
    const own = cells.filter((c) => c.dimensione === dim);
    const values = [...new Set([...(dim === 'sesso' ? ['M', 'F'] : []), ...own.map((c) => c.valore)])].sort();
    const at = new Map(own.map((c) => [`${placeOf(c)}|${c.valore}`, c]));
    return {
      family: 'bacini',
      dims: below ? ['provincia', by, dim] : [by, dim],
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
      rows: places.flatMap((place) =>
        values.map((v) => {
          const c = at.get(`${place}|${v}`);
          const [workers, atRisk] = [Number(c?.lavoratori ?? 0), Number(c?.di_cui_permesso_a_rischio ?? 0)];
          return { dims: [...place.split('|'), v], values: [workers, atRisk, workers - atRisk] };
        }),
      ),
    };
  });
}

/**
 * What the basin tables of a date publish, figure by figure (basinKey -> withheld):
 * the decision of the ORIM tables (decidePublication: primary suppression, protection
 * patterns, the LP audit) over the date's hypercubes by every level the data have
 * (basinLevels: the province, and the CPI and the ambito when the region's mapping has
 * rows), decided at once. It depends on the date's figures only, so every output that
 * shows them (the crisis basins of that date by any area, of a month and of a year
 * later, the semester's report) withholds the same ones.
 */
export function decideBasins(levels: readonly BasinLevel[], date: string, minCell: number): Map<string, boolean> {
  const cubes = levels.flatMap((l) => basinHypercubes(l.cells, date, l.by));
  const decision = decidePublication(cubes, minCell);
  return new Map([...decision.figures].filter(([key]) => !key.endsWith(`|${COMPLEMENT}`)));
}
