import { sources } from '../page/sources.js';
import { flowKey } from './figureKeys.js';
import { formatIt } from '../page/formatIt.js';
import { shownAs } from '../page/publishTables.js';
import { reportQuery } from './prepareReportData.js';
import { n, type ReportContext } from './reportContext.js';
import { isSuppressed, type CellValue, type ReportSection, type ReportTable } from '../page/reportModel.js';

type Item = { voce: string; valore: string };
type Reason = { kind: string; reason_code: string; reason: string; righe: string };

/** One output's disclosure control, for the data-quality section. */
export interface SuppressionNote {
  output: string;
  cells: number;
  suppressed: number;
}

const kindLabel: Record<string, string> = { co: 'Comunicazioni obbligatorie', inps: 'INPS', istat: 'ISTAT' };

/** The data-quality notes: rows rejected, orphan corrections, implied cessations, suppressed cells. */
export async function qualitySection(ctx: ReportContext, suppression: SuppressionNote[]): Promise<ReportSection> {
  const items = new Map(
    (await reportQuery<Item>(ctx.db, 'qualita', ctx.params, ctx.tables)).map((r) => [r.voce, n(r.valore)]),
  );
  const reasons = await reportQuery<Reason>(ctx.db, 'scarti_motivi', ctx.params, ctx.tables);
  const get = (k: string) => items.get(k) ?? 0;
  const kinds = ['co', 'inps', 'istat'].filter((k) => items.has(`righe_lette_${k}`));
  const tables: ReportTable[] = [
    {
      title: 'Righe lette e scartate (tutti gli estratti caricati)',
      source: sources.quality,
      columns: [
        { label: 'Estratti', kind: 'text' },
        { label: 'Righe lette', kind: 'count' },
        { label: 'Righe scartate', kind: 'count' },
        { label: 'Quota scartata', kind: 'percent' },
      ],
      rows: kinds.map((k): CellValue[] => {
        const read = get(`righe_lette_${k}`);
        const rejected = get(`righe_scartate_${k}`);
        return [kindLabel[k] ?? k, read, rejected, read > 0 ? (rejected / read) * 100 : null];
      }),
      suppressed: 0,
    },
  ];
  if (reasons.length > 0) {
    tables.push({
      title: 'Principali motivi di scarto',
      source: sources.quality,
      note: 'L’elenco riga per riga (file, riga, colonna, motivo) si ottiene con `co-pipeline rejects --out FILE.csv`.',
      columns: [
        { label: 'Estratti', kind: 'text' },
        { label: 'Motivo', kind: 'text' },
        { label: 'Righe', kind: 'count' },
      ],
      rows: reasons.slice(0, 10).map((r) => [kindLabel[r.kind] ?? r.kind, `${r.reason_code}: ${r.reason}`, n(r.righe)]),
      suppressed: 0,
    });
  }
  const reportSuppressed = suppression.reduce((a, s) => a + s.suppressed, 0);
  tables.push({
    title: 'Celle soppresse per riservatezza statistica',
    source: sources.quality,
    columns: [
      { label: 'Tavola', kind: 'text' },
      { label: 'Celle', kind: 'count' },
      { label: 'Soppresse', kind: 'count' },
      { label: 'Quota soppressa', kind: 'percent' },
    ],
    rows: suppression.map((s) => [
      s.output,
      s.cells,
      s.suppressed,
      s.cells > 0 ? (s.suppressed / s.cells) * 100 : null,
    ]),
    note: 'Le tavole ORIM sono protette tutte insieme, con i totali che hanno in comune e quelli che pubblicano il rapporto e le edizioni provinciali; ogni tavola del rapporto è verificata con la programmazione lineare e mostra le cifre che ha in comune con le tavole ORIM come queste le pubblicano. Nessun intervallo deducibile per una cella soppressa è più stretto della soglia.',
    suppressed: 0,
  });
  const cessations = get('cessazioni_comunicate') + get('cessazioni_implicite');
  // the same counts as the flow tables' totals (all citizenship groups): shown as they were there
  const implicit = shownAs(
    ctx.published,
    flowKey('TOTALE', 'cessazioni_a_termine'),
    get('cessazioni_implicite'),
    ctx.minCell,
  );
  const communicated = shownAs(
    ctx.published,
    flowKey('TOTALE', 'cessazioni_comunicate'),
    get('cessazioni_comunicate'),
    ctx.minCell,
  );
  const share =
    cessations > 0 && !isSuppressed(implicit) && !isSuppressed(communicated)
      ? `, il ${new Intl.NumberFormat('it-IT', { maximumFractionDigits: 1 }).format((get('cessazioni_implicite') / cessations) * 100)}% delle cessazioni.`
      : isSuppressed(implicit)
        ? ''
        : '.'; // "n.p." ends the sentence itself
  const minCellText =
    ctx.minCell > 1
      ? `Conteggi inferiori a ${ctx.minCell} non sono pubblicati (n.p.); dove un totale pubblicato permetterebbe di ricavarli è soppressa anche una seconda cella. ` +
        `In tutto sono soppresse ${reportSuppressed} celle tra le tavole del rapporto e le tavole ORIM.`
      : 'Soppressione delle celle disattivata (--min-cell 1): uso interno, da non diffondere.';
  return {
    id: 'qualita',
    title: 'Qualità dei dati e riservatezza',
    paragraphs: [
      `Dati CO caricati: comunicazioni inviate dal ${ctx.coverage.primoInvio ?? '—'} al ${ctx.coverage.ultimoInvio ?? '—'}.` +
        (get('file_falliti') > 0 ? ` File non caricati perché illeggibili come estratti: ${get('file_falliti')}.` : ''),
      `Comunicazioni ripetute in più estratti e contate una volta: ${fmt(get('ripetizioni'))}. ` +
        `Rettifiche e annullamenti orfani (la comunicazione corretta non è nei dati): ${fmt(get('correzioni_orfane'))}. ` +
        `Codici sconosciuti alle tabelle di riferimento (raggruppati come ALTRO): ${fmt(get('codici_sconosciuti'))}. ` +
        `Righe con codice fiscale provvisorio del lavoratore (11 cifre, dato a chi è appena arrivato o chiede asilo): ${fmt(get('cf_provvisori'))}. ` +
        `Incoerenze dei codici fiscali dei lavoratori (contraddicono sesso o data di nascita, o data o comune di nascita impossibili; righe caricate comunque, una riga può averne più d’una): ${fmt(get('cf_incoerenti'))}.`,
      `Cessazioni implicite ${ctx.wording.inThe} (rapporti a termine giunti alla fine prevista senza comunicazione di cessazione): ${formatIt(implicit, 'count')}` +
        share +
        ` Rapporti noti solo da comunicazioni successive all’assunzione (iniziati prima dei dati): ${fmt(get('rapporti_iniziati_prima_dei_dati'))}.`,
      minCellText,
    ],
    tables,
    charts: [],
  };
}

const fmt = (v: number) => new Intl.NumberFormat('it-IT', { useGrouping: 'always' }).format(v);
