import { sources } from '../page/sources.js';
import type { BasinLevel } from '../../marts/crisis/basinCells.js';
import { categoryTable, pivotTable, type Published } from '../page/publishTables.js';
import { isSuppressed, type CellValue, type ReportTable } from '../page/reportModel.js';
import { sessoLabel, type Labels } from '../page/labels.js';
import { basinKey, breakdowns, decideBasins, measures, type Breakdown } from '../../disclosure/basinDecision.js';
import type { ComparisonDates } from './comparisonDates.js';
import type { AreaLevel } from '../../marts/areaLevels.js';

/**
 * The crisis-basin tables (issue 11, point 3): instead of one table crossing
 * province x sector x citizenship x sex (every cell small, 95 % withheld), a table
 * of province totals and one table per breakdown, each crossing province with that
 * breakdown only, for A, a month before and a year before. With `by` cpi or ambito the
 * area of the CPI or the ambito takes the province's place (the variables keep the
 * province's names), its row '?' holding the municipalities the mapping does not have. What each date's figures
 * publish is decided once for the date (decideBasins, on the cells by every level the
 * data have: `levels`, of which those of `by` are laid out), so that every table, the
 * summary, the report of a semester ending that day and the outputs of a month and
 * a year later show a figure alike; the report's table builders then lay them out
 * (and their audit of each table finds nothing more to withhold).
 */

export type Period = keyof ComparisonDates;
const periods: Period[] = ['ora', 'mese', 'anno'];
export { breakdowns } from '../../disclosure/basinDecision.js';
export type { BasinCell } from '../../marts/crisis/basinCells.js';
/** Countries shown one by one in the table by citizenship; the rest are summed in OTHER_COUNTRIES. */
export const TOP_COUNTRIES = 10;
const OTHER_COUNTRIES = 'ALTRE';
/** The code of a total in the files (all provinces, or every value of the breakdown). */
const TOTAL = 'TOTALE';

/**
 * A row of a published file: the area (the province, or the CPI or ambito code, '?' not
 * mapped; TOTALE the region) and the six counts (the two measures on A, a month, a year before).
 */
export interface FileRow {
  area: string;
  codice_provincia: string | null;
  area_nome: string | null;
  valore?: string;
  nome?: string | null;
  counts: CellValue[];
}

export interface BasinTables {
  /** Per area and the region: the six counts (the summary's first table). */
  provinces: ReportTable;
  /** Per breakdown: the workers on A by that breakdown and area (the summary's tables). */
  byBreakdown: Map<Breakdown, ReportTable>;
  /** How many values the citizenship table has before it keeps the first TOP_COUNTRIES. */
  countries: number;
  files: { provincia: FileRow[] } & Record<Breakdown, FileRow[]>;
  cells: number;
  suppressed: number;
}

type Grid = Map<string, CellValue>; // `${category}|${province}` -> value, TOTAL for a margin

export function basinTables(
  levels: readonly BasinLevel[],
  o: { minCell: number; covered: Record<Period, boolean>; labels: Labels; dates: ComparisonDates; by?: AreaLevel },
): BasinTables {
  const by = o.by ?? 'provincia';
  const cells = levels.find((l) => l.by === by)?.cells;
  if (!cells) throw new Error(`crisis-basin tables by ${by}: no cells by ${by} among the levels decided`);
  // an area's figures, summed over the provinces it has cells in (the area '?' is in each)
  const exact = new Map<string, number>();
  for (const c of cells) {
    for (const m of measures) {
      const key = `${c.periodo}|${m}|${c.dimensione}|${c.valore}|${c.area}`;
      exact.set(key, (exact.get(key) ?? 0) + Number(c[m]));
    }
  }
  const value = (p: Period, m: string, dim: string, v: string, prov: string) =>
    exact.get(`${p}|${m}|${dim}|${v}|${prov}`) ?? 0;
  const codes = new Map(cells.map((c) => [c.area, c.codice_provincia]));
  const areaNames = new Map(cells.map((c) => [c.area, c.area_nome]));
  // provinces by code; CPIs and ambiti by code, the municipalities not mapped ('?') last
  const provinces = [...new Set(cells.map((c) => c.area))].sort(by === 'provincia' ? undefined : categoryOrder());
  const areaLabel = (a: string) => (by === 'provincia' ? o.labels.provincia(a) : (areaNames.get(a) ?? a));
  const words = areaWords[by];
  const covered = periods.filter((p) => o.covered[p]);
  const columns = covered.flatMap((p) => measures.map((m) => [p, m] as const));
  // every figure of the dates covered, as the date's decision publishes it
  const published: Published = new Map(
    covered.flatMap((p) => [
      ...decideBasins(
        levels.map((l) => ({ by: l.by, cells: l.cells.filter((c) => c.periodo === p) })),
        o.dates[p],
        o.minCell,
      ),
    ]),
  );
  const withheld = (key: string) => published.get(key) === true; // a key no date has is a zero, shown
  let [total, suppressed] = [0, 0];
  const count = (t: ReportTable) => {
    total += t.rows.length * (t.columns.length - 1);
    suppressed += t.suppressed;
    return t;
  };

  // 1. Area totals and the regional total, the six counts of the dates covered.
  const byProvince = count(
    categoryTable({
      title: `Bacini di crisi per ${words.per}`,
      source: sources.co,
      keyLabel: words.label,
      columns: columns.map(([p, m]) => ({ label: `${m} ${p}`, kind: 'count' as const })),
      rows: provinces.map((prov) => ({
        key: prov,
        label: areaLabel(prov),
        counts: columns.map(([p, m]) => value(p, m, 'provincia', '', prov)),
      })),
      total: {
        counts: columns.map(([p, m]) => provinces.reduce((a, prov) => a + value(p, m, 'provincia', '', prov), 0)),
      },
      minCell: o.minCell,
      published,
      keyOf: (line, column) => {
        const [p, m] = columns[column]!;
        return basinKey(o.dates[p], provinces[line] ?? null, m, undefined, by);
      },
    }),
  );
  const shownProvince = (prov: string | null, p: Period, m: string): CellValue => {
    const column = columns.findIndex(([pp, mm]) => pp === p && mm === m);
    if (column === -1) return null; // a date the data do not cover: n.d.
    const line = prov === null ? provinces.length : provinces.indexOf(prov);
    return byProvince.rows[line]![1 + column]!;
  };
  const countsOf = (pick: (p: Period, m: string) => CellValue) =>
    periods.flatMap((p) => measures.map((m) => pick(p, m)));
  const allProvinces = [...provinces, null];
  const provinceRows: FileRow[] = allProvinces.map((prov) => ({
    area: prov ?? TOTAL,
    codice_provincia: prov === null ? null : (codes.get(prov) ?? null),
    area_nome: prov === null ? null : (areaNames.get(prov) ?? null),
    counts: countsOf((p, m) => shownProvince(prov, p, m)),
  }));
  const provincesTable: ReportTable = {
    title: `Lavoratori nei bacini di crisi per ${words.per}: al ${o.dates.ora}, un mese prima (${o.dates.mese}) e un anno prima (${o.dates.anno})`,
    source: sources.co,
    columns: [
      { label: words.label, kind: 'text' },
      ...periods.flatMap((p) => [
        { label: `Lavoratori al ${o.dates[p]}`, kind: 'count' as const },
        { label: `di cui con permesso a rischio al ${o.dates[p]}`, kind: 'count' as const },
      ]),
    ],
    rows: provinceRows.map((r, i) => [i < provinces.length ? areaLabel(r.area) : 'Totale', ...r.counts]),
    totalRow: true,
    suppressed: byProvince.suppressed,
  };

  // 2. One table per breakdown, the area totals as its margin.
  const byBreakdown = new Map<Breakdown, ReportTable>();
  const files = { provincia: provinceRows } as BasinTables['files'];
  let countries = 0;
  for (const dim of breakdowns) {
    const own = cells.filter((c) => c.dimensione === dim);
    // both sexes always: a sex without workers is a zero, not a missing row
    const always = dim === 'sesso' ? ['M', 'F'] : [];
    let categories = [...new Set([...always, ...own.map((c) => c.valore)])].sort(categoryOrder(always));
    const names = new Map(own.map((c) => [c.valore, c.nome]));
    let cellValue = (p: Period, m: string, v: string, prov: string) => value(p, m, dim, v, prov);
    if (dim === 'cittadinanza') {
      // the largest countries on A (ties by code), the others summed: a column per country
      // of a hundred would be a table of small cells
      const size = (v: string) => provinces.reduce((a, prov) => a + value('ora', 'lavoratori', dim, v, prov), 0);
      countries = categories.length;
      const ranked = [...categories].sort((a, b) => size(b) - size(a) || a.localeCompare(b));
      if (ranked.length > TOP_COUNTRIES + 1) {
        const top = new Set(ranked.slice(0, TOP_COUNTRIES));
        const rest = ranked.filter((v) => !top.has(v));
        categories = [...ranked.slice(0, TOP_COUNTRIES), OTHER_COUNTRIES];
        cellValue = (p, m, v, prov) =>
          v === OTHER_COUNTRIES ? rest.reduce((a, r) => a + value(p, m, dim, r, prov), 0) : value(p, m, dim, v, prov);
        // the other countries are the total less the countries shown: shown only where all
        // of those are, so that they add nothing to what a reader has
        for (const [p, m] of columns) {
          for (const prov of [...provinces, null]) {
            const cut =
              withheld(basinKey(o.dates[p], prov, m, undefined, by)) ||
              [...top].some((v) => withheld(basinKey(o.dates[p], prov, m, [dim, v], by)));
            published.set(basinKey(o.dates[p], prov, m, [dim, OTHER_COUNTRIES], by), cut);
          }
        }
      } else categories = ranked;
    }
    const label = (v: string) =>
      dim === 'ateco_sezione'
        ? o.labels.ateco(v)
        : dim === 'sesso'
          ? (sessoLabel[v] ?? v)
          : v === OTHER_COUNTRIES
            ? 'Altre cittadinanze non UE'
            : (names.get(v) ?? v);
    const grids = new Map<string, Grid>();
    for (const [p, m] of columns) {
      const table = count(
        pivotTable({
          title: `Lavoratori nei bacini di crisi al ${o.dates[p]}, per ${breakdownTitle[dim]} e ${words.per}`,
          source: sources.co,
          rowLabel: breakdownLabel[dim],
          rows: categories.map((v) => ({ key: v, label: label(v) })),
          columns: provinces.map((prov) => ({ key: prov, label: areaLabel(prov) })),
          value: (v, prov) => cellValue(p, m, v, prov),
          minCell: o.minCell,
          published,
          keyOf: (v, prov) => basinKey(o.dates[p], prov, m, v === null ? undefined : [dim, v], by),
        }),
      );
      const grid: Grid = new Map();
      [...categories, TOTAL].forEach((v, i) =>
        [...provinces, TOTAL].forEach((prov, j) => grid.set(`${v}|${prov}`, table.rows[i]![1 + j]!)),
      );
      grids.set(`${p}|${m}`, grid);
      if (p === 'ora' && m === 'lavoratori') byBreakdown.set(dim, table);
    }
    files[dim] = [...provinces, TOTAL].flatMap((prov) =>
      [...categories, TOTAL].map((v) => ({
        area: prov,
        codice_provincia: prov === TOTAL ? null : (codes.get(prov) ?? null),
        area_nome: prov === TOTAL ? null : (areaNames.get(prov) ?? null),
        valore: v,
        ...(dim === 'cittadinanza' ? { nome: v === TOTAL ? null : label(v) } : {}),
        counts: countsOf((p, m) => grids.get(`${p}|${m}`)?.get(`${v}|${prov}`) ?? null),
      })),
    );
  }
  return { provinces: provincesTable, byBreakdown, countries, files, cells: total, suppressed };
}

/** Fixed values first, in their order; the unknown sector ('?') last; the rest by code. */
const rank = (fixed: readonly string[], v: string) =>
  fixed.includes(v) ? fixed.indexOf(v) - fixed.length : v === '?' ? 1 : 0;
/** The order of a breakdown's values in the basin tables (and in the report's basin table by section). */
export const categoryOrder =
  (fixed: readonly string[] = []) =>
  (a: string, b: string) =>
    rank(fixed, a) - rank(fixed, b) || a.localeCompare(b);

/** How the tables name the area: after "per" in a title, and as a column heading. */
const areaWords: Record<AreaLevel, { per: string; label: string }> = {
  provincia: { per: 'provincia', label: 'Provincia' },
  cpi: { per: 'centro per l’impiego', label: 'Centro per l’impiego' },
  ambito: { per: 'ambito territoriale', label: 'Ambito territoriale' },
};

const breakdownTitle: Record<Breakdown, string> = {
  ateco_sezione: 'settore ATECO dell’ultimo datore',
  cittadinanza: 'cittadinanza',
  sesso: 'sesso',
};
const breakdownLabel: Record<Breakdown, string> = {
  ateco_sezione: 'Sezione ATECO 2007',
  cittadinanza: 'Cittadinanza',
  sesso: 'Sesso',
};

/** How many of a row's counts disclosure control withheld (n.d. counts are not withheld). */
export const withheldIn = (counts: CellValue[]) => counts.filter(isSuppressed).length;

/** A count as the files hold it: the exact value, or empty (withheld, or a date not covered). */
export const fileValue = (v: CellValue): number | null => (typeof v === 'number' ? v : null);
