import { sources } from '../page/sources.js';
import { stockKey } from './figureKeys.js';
import { categoryTable, shownAs } from '../page/publishTables.js';
import { contrattoLabel, gruppoLabel, sessoLabel } from '../page/labels.js';
import { reportQuery } from './prepareReportData.js';
import { n, type ReportContext } from './reportContext.js';
import type { CellValue, Column, ReportSection, ReportTable } from '../page/reportModel.js';

type StockRow = {
  gruppo: string;
  dimensione: string;
  valore: string;
  rapporti_attivi: string;
  lavoratori_attivi: string;
};

const columns: Column[] = [
  { label: 'Rapporti attivi', kind: 'count' },
  { label: 'Lavoratori', kind: 'count' },
];

/** Section 2 of reports.md: rapporti active on the semester's last day, same breakdowns. */
export async function stockSection(ctx: ReportContext): Promise<{ section: ReportSection; nueRapporti: CellValue }> {
  const rows = await reportQuery<StockRow>(ctx.db, 'stock_dimensioni', ctx.params, ctx.tables);
  const measures = (r: StockRow) => ({ counts: [n(r.rapporti_attivi), n(r.lavoratori_attivi)] });
  const total = (gruppo: string) => rows.find((r) => r.gruppo === gruppo && r.dimensione === 'totale');
  const tables: ReportTable[] = [];
  const names = ['rapporti_attivi', 'lavoratori_attivi'];
  const dims = [
    ['provincia', 'per provincia', 'Provincia', (v: string) => ctx.labels.provincia(v)],
    ['sesso', 'per sesso', 'Sesso', (v: string) => sessoLabel[v] ?? v],
    ['ateco_sezione', 'per sezione ATECO', 'Sezione ATECO 2007', (v: string) => ctx.labels.ateco(v)],
    ['gruppo_contratto', 'per tipo di contratto', 'Contratto', (v: string) => contrattoLabel[v] ?? v],
  ] as const;
  const nue = total('NUE');
  // non-EU breakdowns first: their totals are the non-EU row of the table by group (publishTables.ts)
  for (const [dim, title, keyLabel, label] of dims) {
    if (dim === 'provincia' && ctx.province) continue;
    const contracts = ['TI', 'TD', 'AP', 'ALTRO'];
    const cells = rows
      .filter((r) => r.gruppo === 'NUE' && r.dimensione === dim)
      .sort((a, b) => (dim === 'gruppo_contratto' ? contracts.indexOf(a.valore) - contracts.indexOf(b.valore) : 0));
    tables.push(
      categoryTable({
        title: `Lavoratori non UE: stock ${title}`,
        source: sources.co,
        keyLabel,
        columns,
        rows: cells.map((r) => ({ key: r.valore, label: label(r.valore), ...measures(r) })),
        ...(nue ? { total: measures(nue) } : {}),
        minCell: ctx.minCell,
        published: ctx.published,
        keyOf: (line, column) =>
          line === cells.length
            ? stockKey('NUE', names[column]!)
            : stockKey('NUE', names[column]!, [dim, cells[line]!.valore]),
        ...(dim === 'sesso'
          ? {}
          : {
              note: 'Un lavoratore con rapporti in più righe è contato in ognuna: la somma dei lavoratori può superare il totale.',
            }),
      }),
    );
  }
  const all = total('TOTALE');
  const groups = ['ITA', 'UE', 'NUE'].flatMap((g) => {
    const r = total(g);
    return r ? [{ key: g, label: gruppoLabel[g]!, ...measures(r) }] : [];
  });
  tables.unshift(
    categoryTable({
      title: `Stock al ${ctx.semester.fine} per gruppo di cittadinanza`,
      source: sources.co,
      keyLabel: 'Cittadinanza',
      columns,
      rows: groups,
      ...(all ? { total: measures(all) } : {}),
      minCell: ctx.minCell,
      published: ctx.published,
      keyOf: (line, column) => stockKey(line === groups.length ? 'TOTALE' : groups[line]!.key, names[column]!),
    }),
  );
  const section: ReportSection = {
    id: 'stock',
    title: `Stock: rapporti attivi al ${ctx.semester.fine}`,
    paragraphs: [
      `Rapporti di lavoro attivi l’ultimo giorno ${ctx.wording.ofThe} (iniziati entro quella data e non cessati prima, con le cessazioni implicite), ` +
        `e i lavoratori distinti che li hanno. I rapporti iniziati prima del periodo coperto dai dati sono contati solo se una comunicazione successiva li fa conoscere.`,
    ],
    tables,
    charts: [],
  };
  return {
    section,
    nueRapporti: shownAs(ctx.published, stockKey('NUE', 'rapporti_attivi'), n(nue?.rapporti_attivi), ctx.minCell),
  };
}
