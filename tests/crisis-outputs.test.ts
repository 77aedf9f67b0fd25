import { describe, expect, it } from 'vitest';
import { basinTables, breakdowns, type BasinCell, type FileRow } from '../src/reports/crisis/basinTables.js';
import { comparisonDates, monthsBefore } from '../src/reports/crisis/comparisonDates.js';
import { crisisSummary } from '../src/reports/crisis/crisisSummary.js';
import type { Labels } from '../src/reports/page/labels.js';
import { renderHtml } from '../src/reports/page/renderHtml.js';
import { renderMarkdown } from '../src/reports/page/renderMarkdown.js';
import { isSuppressed, type CellValue } from '../src/reports/page/reportModel.js';
import { lpBounds, lpBoundsByParts, readerOfHypercubes } from './disclosureAttack.js';
import { basinHypercubes, basinKey, decideBasins } from '../src/disclosure/basinDecision.js';
import { decidePublication } from '../src/disclosure/decidePublication.js';
import { addHypercube } from '../src/disclosure/hypercube.js';
import { DisclosureSystem } from '../src/disclosure/linkedCells.js';
import type { BasinLevel } from '../src/marts/crisis/basinCells.js';

const names: Record<string, string> = { BG: 'Bergamo', CO: 'Como', MI: 'Milano' };
const labels: Labels = { provincia: (p) => names[p] ?? p, ateco: (s) => `${s} sezione` };
const dates = comparisonDates('2025-06-30');
const onlyNow = { ora: true, mese: false, anno: false };

/** A cell of bacini_celle.sql: a breakdown's value in a province on a date, or the province total (dimensione provincia). */
const cell = (
  periodo: string,
  provincia: string,
  dimensione: string,
  valore: string,
  lavoratori: number,
  nome: string | null = null,
  rischio = 0,
): BasinCell => ({
  periodo,
  dimensione,
  provincia,
  area: provincia,
  codice_provincia: { BG: '016', CO: '013', MI: '015' }[provincia] ?? null,
  area_nome: null,
  valore,
  nome,
  lavoratori: String(lavoratori),
  di_cui_permesso_a_rischio: String(rischio),
});
/** A province on a date: its total and its cells by sector, citizenship and sex. */
const province = (
  periodo: string,
  p: string,
  by: { ateco_sezione: Record<string, number>; cittadinanza: Record<string, number>; sesso: Record<string, number> },
) => [
  cell(
    periodo,
    p,
    'provincia',
    '',
    Object.values(by.sesso).reduce((a, b) => a + b, 0),
  ),
  ...Object.entries(by).flatMap(([dim, values]) =>
    Object.entries(values).map(([v, n]) => cell(periodo, p, dim, v, n, dim === 'cittadinanza' ? `Paese ${v}` : null)),
  ),
];

describe('a month and a year before (issue 11: the same day of the previous month)', () => {
  it.each([
    ['2025-06-30', 1, '2025-05-31'], // last day of June: the last day of May, not 05-30
    ['2025-03-31', 1, '2025-02-28'], // clamped: February has 28 days in 2025
    ['2024-03-31', 1, '2024-02-29'], // and 29 in 2024
    ['2025-03-15', 1, '2025-02-15'], // the same day
    ['2025-05-30', 1, '2025-04-30'], // the 30th is not the end of May: the 30th of April
    ['2025-01-31', 1, '2024-12-31'], // across the year
    ['2025-06-30', 12, '2024-06-30'],
    ['2024-02-29', 12, '2023-02-28'],
    ['2025-02-28', 12, '2024-02-29'], // the end of February stays the end of February
  ])('%s minus %i months is %s', (from, months, expected) => {
    expect(monthsBefore(from, months)).toBe(expected);
  });
});

describe('crisis-basin tables: province totals, then one table per breakdown, with the report’s disclosure control', () => {
  // Three provinces on A (min-cell 5). Crossed by sector x citizenship x sex every cell
  // would be 1 to 3 workers; the province totals are 6, 2 and 5.
  const cells = [
    ...province('ora', 'MI', { ateco_sezione: { I: 3, F: 3 }, cittadinanza: { 436: 4, 419: 2 }, sesso: { M: 6 } }),
    ...province('ora', 'BG', { ateco_sezione: { I: 2 }, cittadinanza: { 436: 2 }, sesso: { F: 2 } }),
    ...province('ora', 'CO', { ateco_sezione: { C: 5 }, cittadinanza: { 436: 5 }, sesso: { M: 3, F: 2 } }),
  ];
  const t = basinTables([{ by: 'provincia', cells }], { minCell: 5, covered: onlyNow, labels, dates });
  const lavoratoriOra = (rows: CellValue[][]) => rows.map((r) => [r[0], r[1]]);

  it('publishes the province totals: a small one withheld with one other, the rest shown', () => {
    // BG 2 < 5: withheld; the line BG + CO + MI = 13 would give it away, so one more
    // province total is withheld. Not Como's 5: Como is the only province with workers
    // of section C, so its total is the region's total of section C, which the sector
    // table shows (withholding it too would cost a regional total). Milano's 6 then.
    expect(lavoratoriOra(t.provinces.rows)).toEqual([
      ['Bergamo', { suppressed: true }],
      ['Como', 5],
      ['Milano', { suppressed: true }],
      ['Totale', 13],
    ]);
    // a year and a month before: not covered by the data, so n.d. (null), not 0
    expect(t.provinces.rows.map((r) => r.slice(3))).toEqual(Array(4).fill([null, null, null, null]));
  });

  it('shows every province total as the province table did, in every table by breakdown', () => {
    for (const dim of breakdowns) {
      const total = t.files[dim].filter((r) => r.valore === 'TOTALE').map((r) => [r.area, r.counts[0]]);
      expect(total, dim).toEqual([
        ['BG', { suppressed: true }],
        ['CO', 5],
        ['MI', { suppressed: true }],
        ['TOTALE', 13],
      ]);
    }
  });

  it('shows no count from 1 to 4, and a reader bounding every withheld count of the four tables together finds each in an interval at least 5 wide', () => {
    const all = [t.files.provincia.map((r) => ({ ...r, valore: 'TOTALE' })), ...breakdowns.map((d) => t.files[d])];
    for (const r of all.flat())
      expect(
        r.counts.filter((v) => typeof v === 'number' && v >= 1 && v < 5),
        `${r.area} ${r.valore}`,
      ).toEqual([]);
    expect(narrowIntervals(t, cells, 5)).toEqual([]);
    expect(t.suppressed).toBeGreaterThan(0);
  });
});

/**
 * What a reader of the four files of one date has, built from the files and the
 * exact cells (not by the production code): every count, shown or not (the same
 * province total in every file is one figure); in each file the values of a province
 * add up to its total and each value's provinces to the region's; in each row the
 * workers are those with a permit at risk plus those without, a count never shown,
 * never negative. Returns the withheld counts, and the small counts without a permit
 * at risk, that the independent solver bounds to an interval narrower than minCell.
 */
function narrowIntervals(t: ReturnType<typeof basinTables>, cells: BasinCell[], minCell: number): string[] {
  const exact = new Map<string, number>();
  const add = (k: string, v: number) => exact.set(k, (exact.get(k) ?? 0) + v);
  for (const c of cells.filter((x) => x.periodo === 'ora')) {
    const value = c.dimensione === 'provincia' ? '*' : `${c.dimensione}=${c.valore}`;
    for (const prov of [c.area, 'TOTALE']) {
      add(`${value}|${prov}|0`, Number(c.lavoratori));
      add(`${value}|${prov}|1`, Number(c.di_cui_permesso_a_rischio));
    }
  }
  // the other countries of a province: its total less the countries the file names
  for (const r of t.files.cittadinanza.filter((x) => x.valore === 'ALTRE')) {
    for (const m of [0, 1]) {
      const named = t.files.cittadinanza.filter(
        (x) => x.area === r.area && x.valore !== 'ALTRE' && x.valore !== 'TOTALE',
      );
      exact.set(
        `cittadinanza=ALTRE|${r.area}|${m}`,
        exact.get(`*|${r.area}|${m}`)! -
          named.reduce((a, x) => a + (exact.get(`cittadinanza=${x.valore}|${r.area}|${m}`) ?? 0), 0),
      );
    }
  }
  const name = (dim: string, r: FileRow, m: number) =>
    `${r.valore === undefined || r.valore === 'TOTALE' ? '*' : `${dim}=${r.valore}`}|${r.area}|${m}`;
  const figures = new Map<string, { value: number; shown: boolean }>();
  const relations: [string, number][][] = [];
  const files: [string, FileRow[]][] = [
    ['provincia', t.files.provincia],
    ...breakdowns.map((d) => [d, t.files[d]] as [string, FileRow[]]),
  ];
  for (const [dim, rows] of files) {
    for (const r of rows) {
      for (const m of [0, 1]) {
        const k = name(dim, r, m);
        const shown = !isSuppressed(r.counts[m]!);
        if (shown) expect(r.counts[m], k).toBe(exact.get(k) ?? 0);
        figures.set(k, { value: exact.get(k) ?? 0, shown });
      }
      const rest = `${name(dim, r, 0)}|senza`;
      figures.set(rest, { value: (exact.get(name(dim, r, 0)) ?? 0) - (exact.get(name(dim, r, 1)) ?? 0), shown: false });
      relations.push([
        [name(dim, r, 0), -1],
        [name(dim, r, 1), 1],
        [rest, 1],
      ]);
    }
    if (dim === 'provincia') continue;
    for (const m of [0, 1]) {
      const lines = new Map<string, [string, number][]>();
      for (const r of rows) {
        if (r.valore === 'TOTALE' && r.area === 'TOTALE') continue;
        const total = r.valore === 'TOTALE' ? undefined : { ...r, valore: 'TOTALE' };
        if (total)
          lines.set(`p${r.area}`, [...(lines.get(`p${r.area}`) ?? [[name(dim, total, m), -1]]), [name(dim, r, m), 1]]);
        if (r.area !== 'TOTALE') {
          const region = { ...r, area: 'TOTALE' };
          lines.set(`v${r.valore}`, [
            ...(lines.get(`v${r.valore}`) ?? [[name(dim, region, m), -1]]),
            [name(dim, r, m), 1],
          ]);
        }
      }
      relations.push(...lines.values());
    }
  }
  const bounds = lpBounds(figures, relations);
  return [...bounds]
    .filter(([k, b]) => {
      const v = figures.get(k)!.value;
      const needsWidth = !k.endsWith('|senza') || (v >= 1 && v < minCell);
      return needsWidth && b.hi - b.lo < minCell;
    })
    .map(([k, b]) => `${k} ${figures.get(k)!.value} in [${b.lo}, ${b.hi}]`);
}

describe('crisis-basin tables of generated workers, attacked by an independent solver', () => {
  // workers in 4 provinces, 3 sectors, 13 countries (the table keeps 10 and sums the
  // rest), 2 sexes, some with a permit at risk: the cells bacini_celle.sql would give
  const generated = (seed: number): BasinCell[] => {
    let x = seed;
    const next = () => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return x / 2147483648;
    };
    const counts = new Map<string, [number, number]>();
    const codes = Array.from({ length: 13 }, (_, i) => String(200 + i));
    for (let w = 0; w < 160; w++) {
      const p = ['BG', 'CO', 'MI', 'MI', 'MI'][Math.floor(next() * 5)]!;
      const country = codes[Math.floor(next() ** 2 * codes.length)]!;
      const parts: [string, string][] = [
        ['provincia', ''],
        ['ateco_sezione', 'CFI'[Math.floor(next() * 3)]!],
        ['cittadinanza', country],
        ['sesso', next() < 0.6 ? 'M' : 'F'],
      ];
      const risk = next() < 0.3 ? 1 : 0;
      for (const [dim, v] of parts) {
        const k = `${p}|${dim}|${v}`;
        const c = counts.get(k) ?? [0, 0];
        counts.set(k, [c[0] + 1, c[1] + risk]);
      }
    }
    return [...counts].map(([k, [n, r]]) => {
      const [p, dim, v] = k.split('|') as [string, string, string];
      return cell('ora', p, dim, v, n, dim === 'cittadinanza' ? `Paese ${v}` : null, r);
    });
  };
  it.each([1, 2, 3])(
    'seed %i: every withheld count, and every small count without a permit at risk, keeps an interval at least 5 wide',
    (seed) => {
      const cells = generated(seed);
      const t = basinTables([{ by: 'provincia', cells }], { minCell: 5, covered: onlyNow, labels, dates });
      expect(t.suppressed).toBeGreaterThan(0);
      // the province totals are published where they are not small
      expect(t.files.provincia.filter((r) => r.area === 'MI').map((r) => r.counts[0])).toEqual([expect.any(Number)]);
      expect(narrowIntervals(t, cells, 5)).toEqual([]);
    },
  );
});

describe('the basins of a date by province and by CPI, decided together', () => {
  // workers in 3 provinces and 5 CPI (Milano's two and Bergamo's one, and their
  // municipalities not mapped, the area ?, in both): the cells bacini_celle.sql would give
  // by province and by CPI (one row per province an area has workers in)
  const levels = (seed: number): BasinLevel[] => {
    let x = seed;
    const next = () => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return x / 2147483648;
    };
    const areas: Record<string, string[]> = { MI: ['C-MI1', 'C-MI2', '?'], BG: ['C-BG', '?'], CO: ['C-CO'] };
    const counts = new Map<string, [number, number]>();
    for (let w = 0; w < 120; w++) {
      const p = ['BG', 'CO', 'MI', 'MI'][Math.floor(next() * 4)]!;
      const area = areas[p]![Math.floor(next() * areas[p]!.length)]!;
      const parts: [string, string][] = [
        ['provincia', ''],
        ['ateco_sezione', 'CFI'[Math.floor(next() * 3)]!],
        ['cittadinanza', String(200 + Math.floor(next() ** 2 * 6))],
        ['sesso', next() < 0.6 ? 'M' : 'F'],
      ];
      const risk = next() < 0.3 ? 1 : 0;
      for (const [dim, v] of parts)
        for (const k of [`provincia|${p}|${p}|${dim}|${v}`, `cpi|${p}|${area}|${dim}|${v}`]) {
          const c = counts.get(k) ?? [0, 0];
          counts.set(k, [c[0] + 1, c[1] + risk]);
        }
    }
    const of = (by: 'provincia' | 'cpi') =>
      [...counts]
        .filter(([k]) => k.startsWith(`${by}|`))
        .map(([k, [n, r]]): BasinCell => {
          const [, p, area, dim, v] = k.split('|') as [string, string, string, string, string];
          return { ...cell('ora', p, dim, v, n, null, r), area, codice_provincia: null };
        });
    return [
      { by: 'provincia', cells: of('provincia') },
      { by: 'cpi', cells: of('cpi') },
    ];
  };

  it.each([1, 2, 3])(
    'seed %i: the CPI figures summed over a province are its figures, and a reader of both leaves every withheld count 5 wide',
    (seed) => {
      const given = levels(seed);
      const cubes = given.flatMap((l) => basinHypercubes(l.cells, dates.ora, l.by));
      // the province totals are figures of the CPI hypercubes too: one figure, decided once
      const cpiFigures = cubes.slice(3).flatMap((c) => [...addHypercube(new DisclosureSystem(), c, 5).figures[0]!]);
      expect(cpiFigures).toContain(basinKey(dates.ora, 'MI', 'lavoratori'));
      expect(cpiFigures).toContain(basinKey(dates.ora, 'BG', 'lavoratori', ['sesso', 'F']));
      const decision = decidePublication(cubes, 5);
      expect(decideBasins(given, dates.ora, 5)).toEqual(
        new Map([...decision.figures].filter(([k]) => !k.endsWith('|senza_permesso_a_rischio'))),
      );
      // both publications laid out from that decision: each shows a figure as the other does
      const [byProvince, byCpi] = (['provincia', 'cpi'] as const).map((by) =>
        basinTables(given, { minCell: 5, covered: onlyNow, labels, dates, by }),
      );
      expect(byProvince!.suppressed + byCpi!.suppressed).toBeGreaterThan(0);
      const { figures, relations } = readerOfHypercubes(cubes, decision.withheld, decision.figures);
      const narrow = [...lpBoundsByParts(figures, relations, 5)]
        .filter(([k, b]) => !k.endsWith('|senza_permesso_a_rischio') && b.hi - b.lo < 5)
        .map(([k, b]) => `${k} ${figures.get(k)!.value} in [${b.lo}, ${b.hi}]`);
      expect(narrow).toEqual([]);
    },
  );
});

describe('the citizenship table names countries and says when it keeps the first ones', () => {
  it('keeps the 10 largest of 12 countries by name and sums the other 2', () => {
    // country c01 has 12 workers, c02 11, ..., c12 1: the first ten are c01..c10; c11 (2) and c12 (1) make 3
    const counts = Object.fromEntries(
      Array.from({ length: 12 }, (_, i) => [`c${String(i + 1).padStart(2, '0')}`, 12 - i]),
    );
    const total = 78; // 12 + 11 + ... + 1
    const t = basinTables(
      [
        {
          by: 'provincia',
          cells: province('ora', 'MI', { ateco_sezione: { I: total }, cittadinanza: counts, sesso: { M: total } }),
        },
      ],
      { minCell: 1, covered: onlyNow, labels, dates },
    );
    const table = t.byBreakdown.get('cittadinanza')!;
    expect(table.rows.map((r) => r[0])).toEqual([
      ...Array.from({ length: 10 }, (_, i) => `Paese c${String(i + 1).padStart(2, '0')}`),
      'Altre cittadinanze non UE',
      'Totale',
    ]);
    expect(table.rows.at(-2)!.slice(1)).toEqual([3, 3]);
    expect(t.files.cittadinanza[0]).toMatchObject({ area: 'MI', valore: 'c01', nome: 'Paese c01' });
    const md = renderMarkdown(
      crisisSummary({
        dates,
        covered: onlyNow,
        lookbackMonths: 12,
        minCell: 1,
        labels,
        tables: t,
        companies: [],
        today: '2025-07-05',
      }),
    );
    expect(md).toContain('Sono mostrati i primi 10 di 12 paesi di cittadinanza');
  });
});

describe('riepilogo.md and .html are the report model, through the report’s renderers', () => {
  const cells = province('ora', 'MI', { ateco_sezione: { I: 6 }, cittadinanza: { 436: 6 }, sesso: { M: 6 } });
  const t = basinTables([{ by: 'provincia', cells }], {
    minCell: 5,
    covered: { ora: true, mese: true, anno: false },
    labels,
    dates,
  });
  const company = (i: number) => ({
    datore_id: i === 0 ? 'A|B <x>' : `D${String(i).padStart(2, '0')}`,
    licenziamenti: String(30 - i),
    massimo_120_giorni: '5',
    di_cui_non_ue: i === 1 ? '3' : '5',
    province: 'BG,MI',
  });
  const summary = crisisSummary({
    dates,
    covered: { ora: true, mese: true, anno: false },
    lookbackMonths: 12,
    minCell: 5,
    labels,
    tables: t,
    companies: Array.from({ length: 25 }, (_, i) => company(i)),
    today: '2025-07-05',
  });
  const md = renderMarkdown(summary);
  const html = renderHtml(summary, new Map());

  it('escapes | in Markdown and <, > in HTML, as the report does', () => {
    expect(md).toContain('| A\\|B <x> | 30 | 5 | 5 | Bergamo, Milano |');
    expect(html).toContain('<td>A|B &lt;x&gt;</td>');
    expect(html).not.toContain('<x>');
  });
  it('withholds a small non-EU count of a company (n.p.) and says the list is cut to its first 20 of 25', () => {
    expect(md).toContain('| D01 | 29 | n.p. | 5 | Bergamo, Milano |'); // 3 non-EU of 29: below 5
    expect(md).toContain('Sono mostrati i primi 20 di 25 datori');
    expect(md).not.toContain('| D20 |'); // the 21st
  });
  it('shows a month before as 0 when the data cover it and there is nobody, n.d. a year before, not covered', () => {
    expect(md).toContain('| **Totale** | **6** | **0** | **0** | **0** | **n.d.** | **n.d.** |');
    expect(md).toContain('| Un mese prima (2025-05-31) | 0 |');
    expect(md).toContain('| Un anno prima (2024-06-30) | n.d. |');
    expect(md).toContain('n.d.: i dati caricati non coprono 2024-06-30.');
  });
});
