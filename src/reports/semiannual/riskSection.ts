import { categoryTable, pivotTable } from './publishTables.js';
import { flagLabel } from './labels.js';
import { reportQuery } from './prepareReportData.js';
import { n, type ReportContext } from './reportContext.js';
import type { CellValue, ReportSection, ReportTable } from './reportModel.js';

type RiskRow = { provincia: string; motivo: string; lavoratori: string };
type BasinRow = { dimensione: string; valore: string; lavoratori: string; di_cui_permesso_a_rischio: string };

const motivi = ['CONTRACT_ENDING', 'EXPIRED', 'EXPIRING_UNEMPLOYED', 'EXPIRING_CONTRACT_ENDING', 'ATTESA_OCCUPAZIONE_ENDING'];

/** Section 4 of reports.md: workers flagged on the semester's last day, and the crisis basins. */
export async function riskSection(ctx: ReportContext): Promise<{ section: ReportSection; flagged: CellValue; basin: CellValue }> {
  const risk = await reportQuery<RiskRow>(ctx.db, 'rischio', ctx.params);
  const basins = await reportQuery<BasinRow>(ctx.db, 'bacini', ctx.params);
  const provinces = [...new Set(risk.map((r) => r.provincia))].sort();
  const cell = new Map(risk.map((r) => [`${r.provincia}|${r.motivo}`, n(r.lavoratori)]));
  const present = [...motivi, ...new Set(risk.map((r) => r.motivo).filter((m) => !motivi.includes(m)))]
    .filter((m) => risk.some((r) => r.motivo === m));
  const tables: ReportTable[] = [pivotTable({
    title: `Lavoratori non UE segnalati al ${ctx.semester.fine}, per provincia e motivo`, rowLabel: 'Provincia',
    rows: provinces.map((p) => ({ key: p, label: ctx.labels.provincia(p) })),
    columns: present.map((m) => ({ key: m, label: flagLabel[m] ?? m })),
    value: (p, m) => cell.get(`${p}|${m}`) ?? 0, minCell: ctx.minCell,
    note: 'Un lavoratore può avere il contratto in scadenza e il permesso a rischio: i totali contano segnalazioni, non persone.',
  })];
  const measures = (r: BasinRow) => ({ counts: [n(r.lavoratori), n(r.di_cui_permesso_a_rischio)] });
  const total = basins.find((r) => r.dimensione === 'totale');
  const dim = ctx.province ? 'ateco_sezione' : 'provincia';
  tables.push(categoryTable({
    title: `Bacini di crisi al ${ctx.semester.fine}, per ${ctx.province ? 'sezione ATECO dell’ultimo datore' : 'provincia'}`,
    keyLabel: ctx.province ? 'Sezione ATECO 2007' : 'Provincia',
    columns: [{ label: 'Lavoratori non UE senza lavoro', kind: 'count' }, { label: 'di cui con permesso a rischio', kind: 'count' }],
    rows: basins.filter((r) => r.dimensione === dim).map((r) => ({
      key: r.valore, label: dim === 'provincia' ? ctx.labels.provincia(r.valore) : ctx.labels.ateco(r.valore), ...measures(r),
    })),
    ...(total ? { total: measures(total) } : {}), minCell: ctx.minCell,
  }));
  // the headline shows these totals as the tables published them
  const flagged = tables[0]!.rows.at(-1)!.at(-1)!;
  const basin = tables[1]!.rows.at(-1)?.[1] ?? 0;
  return {
    section: {
      id: 'rischio', title: 'Lavoratori segnalati e bacini di crisi',
      paragraphs: [
        `Le segnalazioni dell’ultimo giorno del semestre (${ctx.semester.fine}), calcolate con le sole comunicazioni inviate entro quella data: ` +
        `contratto che termina nei 90 giorni successivi; permesso di soggiorno scaduto, in scadenza senza lavoro o con il contratto in scadenza, ` +
        `o fine del periodo di attesa occupazione (12 mesi). Bacini di crisi: lavoratori non UE senza rapporti attivi il cui ultimo rapporto è finito nei 12 mesi precedenti, ` +
        `per provincia e settore dell’ultimo rapporto.`,
      ],
      tables, charts: [],
    },
    flagged, basin,
  };
}
