import { sources } from '../page/sources.js';
import { barChart } from '../page/barChart.js';
import { cigHoursTable } from './cigHoursTable.js';
import { categoryTable, pivotTable } from '../page/publishTables.js';
import { flowKey, inpsKey, istatKey } from './figureKeys.js';
import { gruppoLabel } from '../page/labels.js';
import { reportQuery } from './prepareReportData.js';
import { ratePerThousand } from './rates.js';
import { n, type ReportContext } from './reportContext.js';
import { isSuppressed, type ReportChart, type ReportSection, type ReportTable } from '../page/reportModel.js';

type InpsRow = { provincia: string; prestazione: string; gruppo_cittadinanza: string; beneficiari: string };
type IstatRow = { provincia: string; gruppo_cittadinanza: string; residenti: string };
type RateRow = {
  provincia: string | null;
  residenti_nue: string | null;
  attivazioni_nue: string;
  beneficiari_nue: string | null;
};

const groupOrder = ['ITA', 'UE', 'NUE', 'STRANIERI'];
/** "a", "a e b", "a, b e c". */
const listIt = (items: string[]) =>
  items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} e ${items.at(-1)}`;
const byOrder = (list: string[]) => (a: string, b: string) =>
  (list.indexOf(a) + 1 || 99) - (list.indexOf(b) + 1 || 99) || a.localeCompare(b);

/** Sections 5 and 6 of reports.md: INPS recipients, ISTAT residents and rates per 1,000 non-EU residents. */
export async function contextSection(ctx: ReportContext): Promise<{ section: ReportSection; rate?: number }> {
  const inps = await reportQuery<InpsRow>(ctx.db, 'inps', ctx.params, ctx.tables);
  const istat = await reportQuery<IstatRow>(ctx.db, 'istat', ctx.params, ctx.tables);
  const rates = await reportQuery<RateRow>(ctx.db, 'tassi', ctx.params, ctx.tables);
  // a year INPS gives only by semester: people do not add up across semesters
  const semestersOnly =
    ctx.semester.kind === 'year'
      ? await reportQuery<{ prestazione: string; semestri: string }>(
          ctx.db,
          'inps_solo_semestri',
          ctx.params,
          ctx.tables,
        )
      : [];
  const tables: ReportTable[] = [];
  const sum = <T>(rows: T[], pick: (r: T) => boolean, value: (r: T) => number) =>
    rows.filter(pick).reduce((a, r) => a + value(r), 0);

  const benefits = [...new Set(inps.map((r) => r.prestazione))].sort();
  const inpsGroups = [...new Set(inps.map((r) => r.gruppo_cittadinanza))].sort(byOrder(groupOrder));
  if (inps.length > 0) {
    tables.push(
      pivotTable({
        title: `Beneficiari INPS nel ${ctx.semester.semestre}, per prestazione e cittadinanza`,
        source: sources.inps,
        rowLabel: 'Prestazione',
        rows: benefits.map((b) => ({ key: b, label: b })),
        columns: inpsGroups.map((g) => ({ key: g, label: gruppoLabel[g] ?? g })),
        value: (b, g) =>
          sum(
            inps,
            (r) => r.prestazione === b && r.gruppo_cittadinanza === g,
            (r) => n(r.beneficiari),
          ),
        minCell: ctx.minCell,
        note: 'Un beneficiario di due prestazioni è contato in entrambe.',
        published: ctx.published,
        keyOf: (b, g) => inpsKey({ gruppo_cittadinanza: g, prestazione: b }),
      }),
    );
    if (!ctx.province) {
      const provinces = [...new Set(inps.map((r) => r.provincia))].sort();
      tables.push(
        pivotTable({
          title: `Beneficiari INPS non UE nel ${ctx.semester.semestre}, per provincia e prestazione`,
          source: sources.inps,
          rowLabel: 'Provincia',
          rows: provinces.map((p) => ({ key: p, label: ctx.labels.provincia(p) })),
          columns: benefits.map((b) => ({ key: b, label: b })),
          value: (p, b) =>
            sum(
              inps,
              (r) => r.provincia === p && r.prestazione === b && r.gruppo_cittadinanza === 'NUE',
              (r) => n(r.beneficiari),
            ),
          minCell: ctx.minCell,
          published: ctx.published,
          keyOf: (p, b) => inpsKey({ gruppo_cittadinanza: 'NUE', provincia: p, prestazione: b }),
        }),
      );
    }
  }
  const hours = await cigHoursTable(ctx);
  if (hours) tables.push(hours);
  if (istat.length > 0) {
    const provinces = [...new Set(istat.map((r) => r.provincia))].sort();
    const groups = [...new Set(istat.map((r) => r.gruppo_cittadinanza))].sort(byOrder(groupOrder));
    tables.push(
      pivotTable({
        title: `Stranieri residenti al 1° gennaio ${ctx.semester.inizio.slice(0, 4)}, per provincia e cittadinanza`,
        source: sources.istatPopolazione,
        rowLabel: 'Provincia',
        rows: provinces.map((p) => ({ key: p, label: ctx.labels.provincia(p) })),
        columns: groups.map((g) => ({ key: g, label: gruppoLabel[g] ?? g })),
        value: (p, g) =>
          sum(
            istat,
            (r) => r.provincia === p && r.gruppo_cittadinanza === g,
            (r) => n(r.residenti),
          ),
        minCell: ctx.minCell,
        published: ctx.published,
        keyOf: (p, g) => istatKey({ gruppo_cittadinanza: g, provincia: p }),
      }),
    );
  }
  const measures = (r: RateRow) => ({ counts: [n(r.residenti_nue), n(r.attivazioni_nue), n(r.beneficiari_nue)] });
  const total = rates.find((r) => r.provincia === null);
  const byProvince = rates.filter((r) => r.provincia !== null);
  // the same figures as the ISTAT, flow and INPS tables, published the same way
  const rateKey = (line: number, column: number) => {
    const provincia = line < byProvince.length ? byProvince[line]!.provincia! : null;
    return [
      istatKey({ gruppo_cittadinanza: 'NUE', provincia }),
      flowKey('NUE', 'attivazioni', provincia ? ['provincia', provincia] : undefined),
      inpsKey({ gruppo_cittadinanza: 'NUE', provincia }),
    ][column];
  };
  const rateTable = categoryTable({
    title: 'Tassi per 1.000 residenti non UE',
    source: sources.coInpsIstat,
    keyLabel: 'Provincia',
    columns: [
      { label: 'Residenti non UE (1° gennaio)', kind: 'count' },
      { label: 'Attivazioni non UE', kind: 'count' },
      { label: 'Beneficiari INPS non UE', kind: 'count' },
    ],
    rows: byProvince.map((r) => ({ key: r.provincia!, label: ctx.labels.provincia(r.provincia!), ...measures(r) })),
    ...(total ? { total: measures(total) } : {}),
    minCell: ctx.minCell,
    published: ctx.published,
    keyOf: rateKey,
    note: `Attivazioni e beneficiari ${ctx.wording.ofThe}${ctx.wording.notAnnualised} per 1.000 residenti non UE al 1° gennaio; n.d. dove manca il dato ISTAT o INPS.`,
  });
  rateTable.columns.push(
    { label: 'Attivazioni per 1.000 residenti', kind: 'decimal' },
    { label: 'Beneficiari per 1.000 residenti', kind: 'decimal' },
  );
  const source = [...byProvince, ...(total ? [total] : [])];
  rateTable.rows.forEach((line, i) => {
    const r = source[i]!;
    // no ISTAT or INPS figure for the province: not available, not zero
    if (r.residenti_nue === null && !isSuppressed(line[1]!)) line[1] = null;
    if (r.beneficiari_nue === null && !isSuppressed(line[3]!)) line[3] = null;
    // each rate from its own two figures as the table published them
    line.push(ratePerThousand(line[2]!, line[1]!), ratePerThousand(line[3]!, line[1]!));
  });
  tables.push(rateTable);
  const charts: ReportChart[] = [];
  const provinceLines = rateTable.totalRow ? rateTable.rows.slice(0, -1) : rateTable.rows;
  // the highest rate first; provinces without one (n.p., n.d.) after them, marked
  const ranked = [
    ...provinceLines.filter((l) => typeof l[4] === 'number').sort((a, b) => Number(b[4]) - Number(a[4])),
    ...provinceLines.filter((l) => typeof l[4] !== 'number'),
  ];
  if (provinceLines.filter((l) => typeof l[4] === 'number').length > 1) {
    const chart = barChart({
      id: 'tassi',
      title: 'Attivazioni non UE per 1.000 residenti non UE, per provincia',
      description:
        'Grafico a barre orizzontali: attivazioni di rapporti di lavoratori non UE nel semestre per 1.000 residenti non UE al 1° gennaio, per provincia, dalla più alta.',
      orientation: 'horizontal',
      valueTitle: 'per 1.000 residenti',
      step: 18,
      kind: 'decimal',
      bars: ranked.map((l) => ({ category: String(l[0]), value: l[4]! })),
    });
    if (chart) charts.push(chart);
  }
  const totalLine = rateTable.rows.at(-1);
  const rate = totalLine && typeof totalLine[4] === 'number' ? totalLine[4] : undefined;
  return {
    section: {
      id: 'contesto',
      title: 'Contesto: beneficiari INPS, residenti ISTAT e tassi',
      paragraphs: [
        'INPS conta gli stranieri per paese di nascita (ricavato dal codice fiscale), ISTAT e le CO per cittadinanza: i gruppi non coincidono del tutto.',
        'La cassa integrazione è pubblicata come ore autorizzate, che non sono le ore effettivamente utilizzate; INPS rivede i mesi passati, e per ogni cella vale l’ultimo estratto caricato.',
        `Un ${ctx.wording.noun} presente nell’estratto INPS vale per sé; altrimenti i beneficiari sono la media dei mesi ${ctx.wording.ofThe}.`,
        ...(inps.length === 0 && semestersOnly.length === 0
          ? [`Nessun estratto INPS caricato per ${ctx.wording.the}.`]
          : []),
        ...(semestersOnly.length > 0
          ? [
              `Per ${listIt(semestersOnly.map((r) => `${r.prestazione} (${r.semestri})`))} INPS dà soltanto i semestri del ${ctx.semester.semestre}, ` +
                'non l’anno né i suoi mesi: i beneficiari non si sommano tra semestri (chi riceve la prestazione in entrambi sarebbe contato due volte), ' +
                'quindi, dove INPS non dà l’anno, il dato dell’anno non è disponibile e la prestazione manca dalle tavole e dai tassi dell’anno. ' +
                'I beneficiari di ciascun semestre sono nei rapporti semestrali.',
            ]
          : []),
        ...(istat.length === 0 ? [`Nessun estratto ISTAT caricato per il ${ctx.semester.inizio.slice(0, 4)}.`] : []),
      ],
      tables,
      charts,
    },
    ...(rate !== undefined ? { rate } : {}),
  };
}
