import { sources } from '../page/sources.js';
import { categoryTable } from '../page/publishTables.js';
import { reportQuery } from './prepareReportData.js';
import { n, type ReportContext } from './reportContext.js';
import { isSuppressed, SUPPRESSED, type CellValue, type ReportSection } from '../page/reportModel.js';
import { addDays } from '../../marts/report/semesters.js';

type Row = { provincia: string | null; cessati: string; rioccupati: string };

/** Section 3 of reports.md: non-EU workers re-employed within 90 days of a rapporto's end. */
export async function reemploymentSection(
  ctx: ReportContext,
): Promise<{ section: ReportSection; provisional: boolean; share: CellValue }> {
  const rows = await reportQuery<Row>(ctx.db, 'reimpiego', ctx.params, ctx.tables);
  const needed = addDays(ctx.semester.fine, 90);
  const provisional = !ctx.coverage.ultimoInvio || ctx.coverage.ultimoInvio < needed;
  const total = rows.find((r) => r.provincia === null);
  const measures = (r: Row) => ({ counts: [n(r.cessati), n(r.rioccupati)] });
  const table = categoryTable({
    title: `Lavoratori non UE rioccupati entro 90 giorni${provisional ? ' (provvisorio)' : ''}`,
    source: sources.co,
    keyLabel: 'Provincia',
    columns: [
      { label: 'Lavoratori con un rapporto cessato', kind: 'count' },
      { label: 'Rioccupati entro 90 giorni', kind: 'count' },
    ],
    rows: rows
      .filter((r) => r.provincia !== null)
      .map((r) => ({ key: r.provincia!, label: ctx.labels.provincia(r.provincia!), ...measures(r) })),
    ...(total ? { total: measures(total) } : {}),
    minCell: ctx.minCell,
  });
  table.columns.push({ label: 'Quota rioccupati', kind: 'percent' });
  for (const line of table.rows) {
    const [cessati, rioccupati] = [line[1]!, line[2]!];
    line.push(
      isSuppressed(cessati) || isSuppressed(rioccupati)
        ? SUPPRESSED
        : Number(cessati) > 0
          ? (Number(rioccupati) / Number(cessati)) * 100
          : null,
    );
  }
  const paragraphs = [
    `Lavoratori non UE (cittadinanza non UE alla data di fine) con un rapporto cessato ${ctx.wording.inThe} (cessazione comunicata o implicita); ` +
      `ciascuno è contato una volta, all’ultima cessazione ${ctx.wording.ofThe} e nella provincia di quel rapporto. ` +
      `È rioccupato se ha un’attivazione con inizio nei 90 giorni successivi (dal 1° al 90° giorno).`,
  ];
  if (provisional) {
    paragraphs.push(
      `**Dato provvisorio**: per le cessazioni ${ctx.wording.ofThe} servono i dati fino al ${needed}, ` +
        `ma l’ultima comunicazione caricata è del ${ctx.coverage.ultimoInvio ?? '—'}; le rioccupazioni successive non sono ancora note.`,
    );
  }
  const share = total ? table.rows.at(-1)!.at(-1)! : null;
  return {
    section: { id: 'rioccupazione', title: 'Rioccupazione entro 90 giorni', paragraphs, tables: [table], charts: [] },
    provisional,
    share,
  };
}
