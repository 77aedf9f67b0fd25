import { barChart } from '../page/barChart.js';
import { ratio } from './rates.js';
import { capitalised } from './periodWording.js';
import { figureKey } from '../../disclosure/figureKey.js';
import { sources } from '../page/sources.js';
import { flowKey } from './figureKeys.js';
import { flowShown, type FlowRow } from './flowSections.js';
import { categoryTable, pivotTable, type CategoryRow } from '../page/publishTables.js';
import { gruppoLabel, sessoLabel } from '../page/labels.js';
import { reportQuery } from './prepareReportData.js';
import { n, type ReportContext } from './reportContext.js';
import {
  isSuppressed,
  SUPPRESSED,
  type CellValue,
  type ReportChart,
  type ReportSection,
  type ReportTable,
} from '../page/reportModel.js';

type CareerRow = { tavola: string; gruppo: string; sesso: string; valore: string; n: string };

const GROUPS = ['ITA', 'UE', 'NUE'] as const;
const SEXES = ['M', 'F'] as const;

/** Length classes of a rapporto ended (co_durata_rapporti.sql), in days, end - start + 1. */
const durataLabel: Record<string, string> = {
  '1': 'Fino a 1 giorno',
  '2-3': '2-3 giorni',
  '4-30': '4-30 giorni',
  '31-90': '31-90 giorni',
  '91-365': '91-365 giorni',
  '366+': 'Oltre un anno',
  '?': 'Non nota (iniziato prima dei dati)',
};
/** Reason groups of the communicated cessations (co_cessazioni_motivo.sql). */
const motivoLabel: Record<string, string> = {
  LICENZIAMENTO: 'Licenziamento',
  DIMISSIONI: 'Dimissioni',
  FINE_TERMINE: 'Fine del termine, comunicata',
  ALTRO: 'Altro',
};
/** The implied cessations of R5: the end of term of a fixed-term rapporto with no CES. */
const IMPLICITE = 'IMPLICITE';
const implicitLabel = 'Fine del termine senza comunicazione (implicita)';
const orarioLabel: Record<string, string> = {
  F: 'Tempo pieno',
  P: 'Part-time orizzontale',
  V: 'Part-time verticale',
  M: 'Part-time misto',
  '?': 'Non indicato',
};
const PART_TIME = ['P', 'V', 'M'];

/** ISTAT writes its labels in capitals, with A' for à: "Professioni qualificate nelle attività...". */
const sentence = (s: string) => {
  const text = s.replace(/A'(?=\s|$)/g, 'À');
  return text.charAt(0) + text.slice(1).toLowerCase();
};

/**
 * "Lavoratori e rapporti": how many rapporti a worker hired in the semester had, how long
 * the rapporti ended lasted and why they ended, and the working time and occupation of
 * the hires, by citizenship group. The figures are the ORIM tables co_durata_rapporti,
 * co_cessazioni_motivo, co_attivazioni_orario and co_attivazioni_professione summed over
 * the report's provinces (lavoratori_rapporti.sql), keyed as their audit keys them, and
 * the flow totals of flowSection (activations and distinct workers hired).
 */
export async function careersSection(ctx: ReportContext, totals: Map<string, FlowRow>): Promise<ReportSection> {
  const rows = await reportQuery<CareerRow>(ctx.db, 'lavoratori_rapporti', ctx.params, ctx.tables);
  const value = (tavola: string, gruppo: string, valore: string, sesso = '') =>
    n(rows.find((r) => r.tavola === tavola && r.gruppo === gruppo && r.valore === valore && r.sesso === sesso)?.n);
  const present = (tavola: string, valore: string) => rows.some((r) => r.tavola === tavola && r.valore === valore);
  const all = totals.get('TOTALE');
  const hires = n(all?.attivazioni);
  const ends = n(all?.cessazioni);
  const section = (paragraphs: string[], tables: ReportTable[], charts: ReportChart[] = []): ReportSection => ({
    id: 'lavoratori-rapporti',
    title: 'Lavoratori e rapporti',
    paragraphs,
    tables,
    charts,
  });
  if (hires === 0 && ends === 0)
    return section(
      [
        `${capitalised(ctx.wording.inThe)} non risultano attivazioni né cessazioni di rapporti di lavoro: non ci sono rapporti da descrivere.`,
      ],
      [],
    );

  const groupColumns = GROUPS.map((g) => ({ key: g, label: gruppoLabel[g]! }));
  const paragraphs = [
    'Le attivazioni e le cessazioni di questa sezione sono quelle della sezione dei flussi, qui descritte per durata, motivo, orario e professione; ' +
      'ogni tavola per gruppo di cittadinanza si somma quindi ai totali dei flussi.',
  ];
  const tables: ReportTable[] = [];
  const charts: ReportChart[] = [];

  if (hires > 0) tables.push(perWorkerTable(ctx, totals));
  if (ends > 0) {
    const classes = Object.keys(durataLabel).filter((c) => c !== '?' || present('durata', '?'));
    const byLength = pivotTable({
      title: 'Rapporti cessati per durata e gruppo di cittadinanza',
      source: sources.co,
      rowLabel: 'Durata del rapporto',
      rows: classes.map((c) => ({ key: c, label: durataLabel[c]! })),
      columns: groupColumns,
      value: (c, g) => value('durata', g, c),
      minCell: ctx.minCell,
      published: ctx.published,
      keyOf: (c, g) => cessationKey(g, c === null ? undefined : ['classe_durata', c]),
      note:
        'Durata = data di fine − data di inizio + 1 giorni (un rapporto iniziato e finito lo stesso giorno dura 1 giorno); fine: la cessazione comunicata o, senza cessazione, la fine prevista del contratto a termine. ' +
        'Un rapporto senza assunzione nei dati (iniziato prima del periodo coperto) ha durata non nota: è contato a parte, non stimato.',
    });
    tables.push(byLength);
    const chart = lengthChart(byLength);
    if (chart) charts.push(chart);
    // the communicated cessations by reason, then the implied ones (end of term too), as the flow tables count them
    const reasons = [...Object.keys(motivoLabel), IMPLICITE];
    tables.push(
      pivotTable({
        title: 'Rapporti cessati per motivo e gruppo di cittadinanza',
        source: sources.co,
        rowLabel: 'Motivo della cessazione',
        rows: reasons.map((m) => ({ key: m, label: m === IMPLICITE ? implicitLabel : motivoLabel[m]! })),
        columns: groupColumns,
        value: (m, g) => (m === IMPLICITE ? n(totals.get(g)?.cessazioni_a_termine) : value('motivo', g, m)),
        minCell: ctx.minCell,
        published: ctx.published,
        keyOf: (m, g) =>
          m === null
            ? cessationKey(g)
            : m === IMPLICITE
              ? flowKey(g ?? 'TOTALE', 'cessazioni_a_termine')
              : figureKey('flussi', { gruppo_cittadinanza: g, gruppo_motivo: m }, 'cessazioni_comunicate'),
        note: 'La fine del termine comprende le due righe: la cessazione comunicata per scadenza del termine e il contratto a termine giunto alla fine prevista senza comunicazione di cessazione (cessazione implicita). Altro: risoluzione consensuale, pensionamento, decesso, cessazioni nel settore pubblico e motivi non indicati o non in tabella.',
      }),
    );
  }
  if (hires > 0) {
    const orari = Object.keys(orarioLabel).filter((o) => o !== '?' || present('orario', '?'));
    const byTime = timeTable(ctx, orari, (g, s, o) => value('orario', g, o, s));
    tables.push(byTime, partTimeShares(byTime, orari));
    const labels = new Map(
      (
        await ctx.db.all<{ codice: string; descrizione: string }>(
          "SELECT codice, descrizione FROM ref_cp2011 WHERE livello = '1' ORDER BY codice",
        )
      ).map((r) => [r.codice, `${r.codice} ${sentence(r.descrizione)}`]),
    );
    const majorGroups = [...labels.keys(), ...(present('professione', '?') ? ['?'] : [])];
    tables.push(
      pivotTable({
        title: 'Attivazioni per grande gruppo professionale (CP2011) e gruppo di cittadinanza',
        source: sources.co,
        rowLabel: 'Grande gruppo professionale',
        rows: majorGroups.map((p) => ({ key: p, label: labels.get(p) ?? '? Non indicato' })),
        columns: groupColumns,
        value: (p, g) => value('professione', g, p),
        minCell: ctx.minCell,
        published: ctx.published,
        keyOf: (p, g) => activationKey(g, p === null ? undefined : ['grande_gruppo', p]),
        note: 'Grande gruppo della classificazione delle professioni ISTAT CP2011: la prima cifra della qualifica comunicata all’assunzione.',
      }),
    );
  }
  return section(paragraphs, tables, charts);
}

/** A flow figure of a group (null: all groups), optionally of one more breakdown, as the ORIM audit keys it. */
const cessationKey = (gruppo: string | null, cell?: [string, string]) =>
  cell
    ? figureKey('flussi', { gruppo_cittadinanza: gruppo, [cell[0]]: cell[1] }, 'cessazioni')
    : flowKey(gruppo ?? 'TOTALE', 'cessazioni');
const activationKey = (gruppo: string | null, cell?: [string, string]) =>
  cell
    ? figureKey('flussi', { gruppo_cittadinanza: gruppo, [cell[0]]: cell[1] }, 'attivazioni')
    : flowKey(gruppo ?? 'TOTALE', 'attivazioni');

/** Activations beside the distinct workers hired, as the flow tables published them, and their ratio. */
function perWorkerTable(ctx: ReportContext, totals: Map<string, FlowRow>): ReportTable {
  const lines = [...GROUPS.filter((g) => totals.has(g)), 'TOTALE'];
  let suppressed = 0;
  const body = lines.map((g) => {
    const r = totals.get(g);
    const [a, w] = (['attivazioni', 'lavoratori_attivati'] as const).map(
      (m): CellValue => (r ? flowShown(ctx, g, m, r) : 0),
    );
    suppressed += [a, w].filter((v) => isSuppressed(v!)).length;
    return [gruppoLabel[g]!, a!, w!, ratio(a!, w!)];
  });
  return {
    title: 'Attivazioni per lavoratore attivato, per gruppo di cittadinanza',
    source: sources.co,
    columns: [
      { label: 'Cittadinanza', kind: 'text' },
      { label: 'Attivazioni (rapporti)', kind: 'count' },
      { label: 'Lavoratori attivati', kind: 'count' },
      { label: 'Attivazioni per lavoratore', kind: 'ratio' },
    ],
    rows: body,
    totalRow: true,
    suppressed,
    note: `Attivazioni per lavoratore = attivazioni / lavoratori attivati (persone distinte con almeno un’attivazione ${ctx.wording.inThe}): quanti rapporti ha avviato in media un lavoratore assunto nel semestre.`,
  };
}

/**
 * Activations by working time for each group and sex: one row per group x sex, the
 * working times as columns, their sum (the group's activations of that sex, a figure of
 * the flow tables) beside them.
 */
function timeTable(
  ctx: ReportContext,
  orari: string[],
  value: (gruppo: string, sesso: string, orario: string) => number,
): ReportTable {
  const cells = GROUPS.flatMap((g) => SEXES.map((s) => [g, s] as const));
  const rows: CategoryRow[] = cells.map(([g, s]) => {
    const counts = orari.map((o) => value(g, s, o));
    return {
      key: `${g}-${s}`,
      label: `${gruppoLabel[g]}, ${sessoLabel[s]!.toLowerCase()}`,
      counts,
      derived: [counts.reduce((a, b) => a + b, 0)],
    };
  });
  const total = orari.map((_, j) => rows.reduce((a, r) => a + r.counts[j]!, 0));
  return categoryTable({
    title: 'Attivazioni per orario di lavoro, gruppo di cittadinanza e sesso',
    source: sources.co,
    keyLabel: 'Cittadinanza e sesso',
    columns: [
      ...orari.map((o) => ({ label: orarioLabel[o]!, kind: 'count' as const })),
      { label: 'Attivazioni', kind: 'count' },
    ],
    rows,
    total: { counts: total, derived: [total.reduce((a, b) => a + b, 0)] },
    minCell: ctx.minCell,
    published: ctx.published,
    keyOf: (line, column) => {
      const [g, s] = line < cells.length ? cells[line]! : [null, null];
      if (column === orari.length) return flowKey(g ?? 'TOTALE', 'attivazioni', s ? ['sesso', s] : undefined);
      return figureKey('flussi', { gruppo_cittadinanza: g, sesso: s, orario: orari[column]! }, 'attivazioni');
    },
    note: 'Orario di lavoro comunicato all’assunzione.',
  });
}

/**
 * The part-time share (horizontal, vertical and mixed together) of the activations whose
 * working time is known, by group and sex, from the counts of the table by working time
 * as it published them: a share is withheld when a count it is made of is.
 */
function partTimeShares(byTime: ReportTable, orari: string[]): ReportTable {
  const known = orari.filter((o) => o !== '?');
  // the counts of a set of rows of byTime (1-based columns after the label), or null when one is withheld
  const sums = (lines: number[]) => {
    const cells = lines.flatMap((i) => known.map((o) => [o, byTime.rows[i]![orari.indexOf(o) + 1]!] as const));
    if (cells.some(([, v]) => isSuppressed(v))) return null;
    const of = (list: string[]) => cells.filter(([o]) => list.includes(o)).reduce((a, [, v]) => a + Number(v), 0);
    return { part: of(PART_TIME), all: of(known) };
  };
  const share = (lines: number[]): CellValue => {
    const s = sums(lines);
    if (!s) return SUPPRESSED;
    return s.all > 0 ? (s.part / s.all) * 100 : null;
  };
  const last = byTime.rows.length - 1;
  const line = (g: number, s: number) => g * SEXES.length + s;
  const body: CellValue[][] = GROUPS.map((g, i) => [
    gruppoLabel[g]!,
    share([line(i, 0)]),
    share([line(i, 1)]),
    share([line(i, 0), line(i, 1)]),
  ]);
  body.push([
    'Totale',
    share(GROUPS.map((_, i) => line(i, 0))),
    share(GROUPS.map((_, i) => line(i, 1))),
    share([last]),
  ]);
  return {
    title: 'Quota di part-time sulle attivazioni, per gruppo di cittadinanza e sesso',
    source: sources.co,
    columns: [
      { label: 'Cittadinanza', kind: 'text' },
      { label: 'Maschi', kind: 'percent' },
      { label: 'Femmine', kind: 'percent' },
      { label: 'Totale', kind: 'percent' },
    ],
    rows: body,
    totalRow: true,
    suppressed: body.flat().filter((v) => isSuppressed(v)).length,
    note: 'Part-time orizzontale, verticale e misto, in per cento delle attivazioni con orario indicato; n.p. dove un conteggio da cui è calcolata la quota non è pubblicabile, n.d. senza attivazioni.',
  };
}

/** Cessations by length, one bar per group and class, as the table shows them (withheld: n.p., not drawn). */
function lengthChart(table: ReportTable): ReportChart | undefined {
  const groups = table.columns.slice(1, -1).map((c) => c.label);
  return barChart({
    id: 'durata-rapporti',
    title: 'Rapporti cessati per durata e gruppo di cittadinanza',
    description: 'Grafico a barre orizzontali: rapporti cessati per classe di durata, per gruppo di cittadinanza.',
    bars: table.rows
      .slice(0, -1)
      .flatMap((r) => groups.map((g, j) => ({ category: String(r[0]), series: g, value: r[j + 1]! }))),
    orientation: 'horizontal',
  });
}
