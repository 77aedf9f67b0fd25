import { sources } from '../page/sources.js';
import type { Row } from '../../db/Database.js';
import type { Labels } from '../page/labels.js';
import { small } from '../page/publishTables.js';
import {
  SUPPRESSED,
  type CellValue,
  type ReportSection,
  type ReportTable,
  type ReportPage,
} from '../page/reportModel.js';
import { breakdowns, TOP_COUNTRIES, type BasinTables, type Period } from './basinTables.js';
import type { ComparisonDates } from './comparisonDates.js';
import { formatIt } from '../page/formatIt.js';
import type { AreaLevel } from '../../marts/areaLevels.js';

/** Company crises listed in the summary (the file crisi_aziendali.csv has them all). */
const COMPANIES_SHOWN = 20;

export interface SummaryInput {
  dates: ComparisonDates;
  covered: Record<Period, boolean>;
  lookbackMonths: number;
  minCell: number;
  labels: Labels;
  tables: BasinTables;
  /** crisi_ora rows: datore_id, licenziamenti, massimo_120_giorni, di_cui_non_ue, province. */
  companies: Row[];
  today: string;
  /** Who publishes the summary, shown under its title (--author). */
  author?: string;
  /** The area the tables are by (default the province), and by CPI or ambito the workers not mapped. */
  by?: AreaLevel;
  unmapped?: Unmapped;
}

/** The workers of the basins on A whose last workplace the mapping of areas does not have. */
export interface Unmapped {
  /** Workers in the area '?' on A. */
  workers: number;
  /** Their distinct municipalities (sede_comune of the last rapporto), and the first twenty codes. */
  municipalities: number;
  codes: string[];
}

/** The summary's words for the area: its section's title, "per ..." and the name of its file. */
const areaText: Record<AreaLevel, { title: string; per: string }> = {
  provincia: { title: 'Per provincia', per: 'per provincia di quell’ultimo rapporto' },
  cpi: {
    title: 'Per centro per l’impiego',
    per: 'per centro per l’impiego del comune del luogo di lavoro di quell’ultimo rapporto',
  },
  ambito: {
    title: 'Per ambito territoriale',
    per: 'per ambito territoriale del comune del luogo di lavoro di quell’ultimo rapporto',
  },
};

/** "primi N di M" when a list is cut, so that a reader knows there is more. */
const cutNote = (shown: number, of: number, what: string) =>
  shown < of ? `Sono mostrati i primi ${shown} di ${of} ${what}.` : undefined;

/**
 * riepilogo.md / riepilogo.html as the report model of the semi-annual report, so
 * that the same renderers (renderMarkdown, renderHtml: one escaping rule, Italian
 * numbers, n.p. and n.d.) write them, from the tables basinTables published.
 */
export function crisisSummary(s: SummaryInput): ReportPage {
  const { dates, tables } = s;
  const by = s.by ?? 'provincia';
  const words = areaText[by];
  const total = tables.provinces.rows.at(-1)!;
  // the province table's columns: provincia, then lavoratori and di cui for ora, mese, anno
  const regional = (column: number): CellValue => total[column] ?? null;
  const uncovered = (['mese', 'anno'] as const).filter((p) => !s.covered[p]).map((p) => dates[p]);
  const sections: ReportSection[] = [
    {
      id: 'province',
      title: words.title,
      paragraphs: [
        `Lavoratori non comunitari senza un rapporto attivo il giorno indicato, il cui ultimo rapporto è finito nei ${s.lookbackMonths} mesi precedenti, ` +
          `${words.per}; di cui con il permesso di soggiorno a rischio (segnalazione \`PERMIT_AT_RISK\`). ` +
          `Un mese prima è lo stesso giorno del mese precedente (l’ultimo giorno del mese per una data di fine mese); un anno prima, dodici mesi prima.`,
        ...(uncovered.length ? [`n.d.: i dati caricati non coprono ${uncovered.join(' e ')}.`] : []),
        ...(s.unmapped ? [unmappedText(s.unmapped, tables, dates.ora)] : []),
      ],
      tables: [tables.provinces],
      charts: [],
    },
  ];
  for (const dim of breakdowns) {
    const table = tables.byBreakdown.get(dim);
    if (!table) continue;
    if (dim === 'cittadinanza' && tables.countries > TOP_COUNTRIES + 1) {
      table.note = `${cutNote(TOP_COUNTRIES, tables.countries, `paesi di cittadinanza, per lavoratori al ${dates.ora}`)} Gli altri sono sommati nella riga «Altre cittadinanze non UE».`;
    }
    sections.push({ id: dim, title: sectionTitle[dim], paragraphs: [], tables: [table], charts: [] });
  }
  sections.push(companySection(s));
  sections.push({
    id: 'note',
    title: 'Note',
    paragraphs: [
      s.minCell > 1
        ? `Riservatezza statistica: i conteggi da 1 a ${s.minCell - 1} non sono mostrati (n.p.), né le celle da cui si potrebbero ricavare con i totali; ` +
          `le stesse regole e lo stesso controllo del rapporto semestrale, con i totali ${by === 'provincia' ? 'provinciali' : 'per area'} uguali in tutte le tavole. Non mostrati: ${tables.suppressed} conteggi su ${tables.cells}.`
        : 'Riservatezza statistica disattivata (`--min-cell 1`): tutti i conteggi sono mostrati. Solo per uso interno.',
      `Le tavole complete, anche per un mese e un anno prima, sono nei file \`bacini_crisi_${by}\`, \`bacini_crisi_settore\`, \`bacini_crisi_cittadinanza\`, \`bacini_crisi_sesso\` (CSV e Parquet) e \`crisi_aziendali.csv\`.`,
    ],
    tables: [],
    charts: [],
  });
  return {
    title: `Bacini di crisi al ${dates.ora}`,
    ...(s.author ? { author: s.author } : {}),
    subtitle: `Lavoratori non comunitari senza lavoro e crisi aziendali, con il confronto al ${dates.mese} e al ${dates.anno}. Generato il ${s.today}.`,
    headline: [
      { label: `Lavoratori nei bacini di crisi al ${dates.ora}`, value: regional(1), kind: 'count' },
      { label: 'di cui con permesso a rischio', value: regional(2), kind: 'count' },
      { label: `Un mese prima (${dates.mese})`, value: regional(3), kind: 'count' },
      { label: `Un anno prima (${dates.anno})`, value: regional(5), kind: 'count' },
      { label: 'Crisi aziendali (almeno 5 licenziamenti in 120 giorni)', value: s.companies.length, kind: 'count' },
    ],
    sections,
    generated: s.today,
  };
}

/**
 * The paragraph on the workers whose last workplace the mapping does not have, counted
 * in the area «non mappato» (`?`): their number as the table publishes it (n.p. when
 * withheld: the exact count would give the cell back), and how many municipalities.
 */
function unmappedText(u: Unmapped, tables: BasinTables, date: string): string {
  if (u.workers === 0) {
    return `Al ${date} ogni lavoratore ha il comune del luogo di lavoro nella tavola delle aree (\`aree_comuni.csv\`).`;
  }
  const shown = tables.files.provincia.find((r) => r.area === '?')?.counts[0] ?? null;
  return (
    `Non mappati al ${date}: ${formatIt(shown, 'count')} lavoratori, con l’ultimo rapporto in ${u.municipalities} comuni che la tavola delle aree (\`aree_comuni.csv\`) non ha; ` +
    'sono contati nella riga «non mappato» (codice `?`), così che le aree sommano al totale della regione.'
  );
}

const sectionTitle = {
  ateco_sezione: 'Per settore dell’ultimo datore',
  cittadinanza: 'Per cittadinanza',
  sesso: 'Per sesso',
} as const;

function companySection(s: SummaryInput): ReportSection {
  const shownRows = s.companies.slice(0, COMPANIES_SHOWN);
  // each company has at least 5 dismissals; its non-EU count is withheld when small
  const nonEu = (v: unknown): CellValue => (small(Number(v), s.minCell) ? SUPPRESSED : Number(v));
  const note = cutNote(shownRows.length, s.companies.length, 'datori, per numero di licenziamenti');
  const table: ReportTable = {
    title: `Crisi aziendali al ${s.dates.ora}: almeno 5 licenziamenti in 120 giorni, negli ultimi ${s.lookbackMonths} mesi`,
    source: sources.co,
    columns: [
      { label: 'Datore (pseudonimo)', kind: 'text' },
      { label: 'Licenziamenti', kind: 'count' },
      { label: 'di cui non UE', kind: 'count' },
      { label: 'Massimo in 120 giorni', kind: 'count' },
      { label: 'Province', kind: 'text' },
    ],
    rows: shownRows.map((c) => [
      String(c.datore_id),
      Number(c.licenziamenti),
      nonEu(c.di_cui_non_ue),
      Number(c.massimo_120_giorni),
      String(c.province ?? '')
        .split(',')
        .filter(Boolean)
        .map(s.labels.provincia)
        .join(', '),
    ]),
    suppressed: shownRows.filter((c) => small(Number(c.di_cui_non_ue), s.minCell)).length,
    ...(note ? { note } : {}),
  };
  return {
    id: 'crisi',
    title: 'Crisi aziendali',
    paragraphs: [
      s.companies.length
        ? 'Datori di lavoro con almeno 5 rapporti cessati per licenziamento in un intervallo di 120 giorni (la soglia del licenziamento collettivo), per numero di licenziamenti.'
        : 'Nessuna crisi aziendale nel periodo.',
    ],
    tables: s.companies.length ? [table] : [],
    charts: [],
  };
}
