import { sources } from '../page/sources.js';
import { flaggedPeopleKey, flagsKey, twoFlagsKey } from './figureKeys.js';
import { ensurePointInTime } from '../../transform/ensureBuilt.js';
import { reportFlagOptions } from '../../marts/orimTables.js';
import { basinLevels } from '../../marts/crisis/basinCells.js';
import { basinKey, decideBasins, measures as basinMeasures } from '../../disclosure/basinDecision.js';
import type { BasinCell } from '../../marts/crisis/basinCells.js';
import { categoryOrder } from '../crisis/basinTables.js';
import { categoryTable, pivotTable } from '../page/publishTables.js';
import { flagLabel } from '../page/labels.js';
import { reportQuery } from './prepareReportData.js';
import { n, type ReportContext } from './reportContext.js';
import type { CellValue, ReportSection, ReportTable } from '../page/reportModel.js';

type RiskRow = { provincia: string; motivo: string; segnalazioni: string };
export type PeopleRow = { provincia: string | null; lavoratori: string; con_due_segnalazioni: string };

const motivi = [
  'CONTRACT_ENDING',
  'EXPIRED',
  'EXPIRING_UNEMPLOYED',
  'EXPIRING_CONTRACT_ENDING',
  'ATTESA_OCCUPAZIONE_ENDING',
];

/**
 * Section 4 of reports.md: workers flagged on the semester's last day, and the crisis basins.
 * Flags by province and reason (a worker can have two), then people: segnalazioni =
 * lavoratori (people) + the workers with both flags, a relation the second table's
 * disclosure control sees, with the flags as the first table showed them.
 */
export async function riskSection(ctx: ReportContext): Promise<{
  section: ReportSection;
  flagged: CellValue;
  flags: CellValue;
  basin: CellValue;
  /** The flagged workers as people, by province and for the report (provincia null), exact. */
  people: PeopleRow[];
}> {
  const risk = await reportQuery<RiskRow>(ctx.db, 'rischio', ctx.params, ctx.tables);
  // the flag list of the semester's last day (already built for the ORIM table lavoratori_a_rischio)
  await ensurePointInTime(ctx.db, ctx.semester.fine, ctx.logger);
  const people = await reportQuery<PeopleRow>(
    ctx.db,
    'rischio_lavoratori',
    {
      ...ctx.params,
      as_of: ctx.semester.fine,
      horizon_days: String(reportFlagOptions.horizon_days),
      job_seeking_months: String(reportFlagOptions.job_seeking_months),
    },
    ctx.tables,
  );
  // the crisis basins of the semester's last day, published as every basin output of that date publishes them
  // (decided with the basins by CPI and ambito when the region's mapping has rows, as crisis-basins decides them)
  const levels = await basinLevels(
    ctx.db,
    { asOf: ctx.semester.fine, lookbackMonths: reportFlagOptions.lookback_months, logger: ctx.logger },
    'rapporto',
  );
  const basins = levels.find((l) => l.by === 'provincia')!.cells;
  for (const [key, withheld] of decideBasins(levels, ctx.semester.fine, ctx.minCell)) ctx.published.set(key, withheld);
  const provinces = [...new Set(risk.map((r) => r.provincia))].sort();
  const cell = new Map(risk.map((r) => [`${r.provincia}|${r.motivo}`, n(r.segnalazioni)]));
  const present = [...motivi, ...new Set(risk.map((r) => r.motivo).filter((m) => !motivi.includes(m)))].filter((m) =>
    risk.some((r) => r.motivo === m),
  );
  // the flags of a province (or of the report, null) in both tables
  const byReason = pivotTable({
    title: `Segnalazioni di lavoratori non UE al ${ctx.semester.fine}, per provincia e motivo`,
    source: sources.co,
    rowLabel: 'Provincia',
    rows: provinces.map((p) => ({ key: p, label: ctx.labels.provincia(p) })),
    columns: present.map((m) => ({ key: m, label: flagLabel[m] ?? m })),
    value: (p, m) => cell.get(`${p}|${m}`) ?? 0,
    minCell: ctx.minCell,
    published: ctx.published,
    keyOf: (p, m) => flagsKey(p, m),
    note: 'Un lavoratore può avere il contratto in scadenza e il permesso a rischio: i totali contano segnalazioni, non persone.',
  });
  // People for the report as a whole: per province, the workers with two flags are few,
  // and next to the flags a province shows they would give each other away.
  const all = people.find((r) => r.provincia === null);
  const [persone, conDue] = [n(all?.lavoratori), n(all?.con_due_segnalazioni)];
  const byPerson = categoryTable({
    title: `Lavoratori non UE segnalati al ${ctx.semester.fine}: persone e segnalazioni`,
    source: sources.co,
    keyLabel: 'Territorio',
    columns: [
      { label: 'Lavoratori segnalati (persone)', kind: 'count' },
      { label: 'di cui con due segnalazioni', kind: 'count' },
      { label: 'Segnalazioni', kind: 'count' },
    ],
    rows: [
      {
        key: 'totale',
        label: ctx.province ? ctx.labels.provincia(ctx.province) : 'Lombardia',
        counts: [persone, conDue],
        derived: [persone + conDue],
      },
    ],
    minCell: ctx.minCell,
    derivedAs: [{ 0: 1, 1: 1 }],
    // the flags are the total of the table by reason, as it showed them; people and workers
    // with two flags are keyed for the tables after this one (the permits section)
    published: ctx.published,
    keyOf: (_, column) => [flaggedPeopleKey(null), twoFlagsKey(null), flagsKey(null)][column],
    note: 'Ogni lavoratore è contato una volta; segnalazioni = lavoratori segnalati + lavoratori con due segnalazioni (contratto in scadenza e permesso a rischio).',
  });
  const tables: ReportTable[] = [byReason, byPerson];
  tables.push(basinTable(ctx, basins));
  // the headline shows these totals as the tables published them: people, then flags
  const flagged = byPerson.rows[0]![1]!;
  const flags = byReason.rows.at(-1)!.at(-1)!;
  const basin = tables[2]!.rows.at(-1)?.[1] ?? 0;
  return {
    section: {
      id: 'rischio',
      title: 'Lavoratori segnalati e bacini di crisi',
      paragraphs: [
        `Le segnalazioni dell’ultimo giorno ${ctx.wording.ofThe} (${ctx.semester.fine}), calcolate con le sole comunicazioni inviate entro quella data: ` +
          `contratto che termina nei 90 giorni successivi; permesso di soggiorno scaduto, in scadenza senza lavoro o con il contratto in scadenza, ` +
          `o fine del periodo di attesa occupazione (12 mesi). Bacini di crisi: lavoratori non UE senza rapporti attivi il cui ultimo rapporto è finito nei 12 mesi precedenti, ` +
          `per provincia e settore dell’ultimo rapporto.`,
      ],
      tables,
      charts: [],
    },
    flagged,
    flags,
    basin,
    people,
  };
}

/**
 * The crisis basins of the semester's last day: the region's report by province, a
 * province's by the ATECO section of the last employer, with the figures' keys of the
 * basin outputs (basinKey), so each is shown as they show it.
 */
function basinTable(ctx: ReportContext, cells: BasinCell[]): ReportTable {
  const date = ctx.semester.fine;
  const province = ctx.province ?? null;
  const totals = cells.filter((c) => c.dimensione === 'provincia' && (province === null || c.area === province));
  // A province's table lists every section of the day's basins, zeros included: a zero
  // the sector table withholds would be given away by a missing row. The region's lists
  // the provinces with basins (one without has no figure of the day to withhold).
  const rows: { key: string; label: string; cell?: BasinCell }[] = province
    ? [...new Set(cells.filter((c) => c.dimensione === 'ateco_sezione').map((c) => c.valore))]
        .sort(categoryOrder())
        .map((s) => ({
          key: s,
          label: ctx.labels.ateco(s),
          cell: cells.find((c) => c.dimensione === 'ateco_sezione' && c.area === province && c.valore === s),
        }))
    : totals.map((c) => ({ key: c.area, label: ctx.labels.provincia(c.area), cell: c }));
  const keyOf = (line: number, column: number) => {
    const m = basinMeasures[column]!;
    const r = rows[line];
    if (!r) return basinKey(date, province, m);
    return province ? basinKey(date, province, m, ['ateco_sezione', r.key]) : basinKey(date, r.key, m);
  };
  return categoryTable({
    title: `Bacini di crisi al ${date}, per ${province ? 'sezione ATECO dell’ultimo datore' : 'provincia'}`,
    source: sources.co,
    keyLabel: province ? 'Sezione ATECO 2007' : 'Provincia',
    columns: [
      { label: 'Lavoratori non UE senza lavoro', kind: 'count' },
      { label: 'di cui con permesso a rischio', kind: 'count' },
    ],
    rows: rows.map((r) => ({ key: r.key, label: r.label, counts: basinMeasures.map((m) => Number(r.cell?.[m] ?? 0)) })),
    total: { counts: basinMeasures.map((m) => totals.reduce((a, c) => a + Number(c[m]), 0)) },
    minCell: ctx.minCell,
    published: ctx.published,
    keyOf,
  });
}
