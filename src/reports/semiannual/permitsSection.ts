import { sources } from '../page/sources.js';
import { categoryTable } from '../page/publishTables.js';
import { flaggedPeopleKey, flagsKey, twoFlagsKey } from './figureKeys.js';
import { reportQuery } from './prepareReportData.js';
import { ratePerThousand } from './rates.js';
import { n, type ReportContext } from './reportContext.js';
import type { PeopleRow } from './riskSection.js';
import { isSuppressed, type CellValue, type ReportSection, type ReportTable } from '../page/reportModel.js';

type PermitRow = {
  data: string;
  provincia: string;
  lungo_periodo: string | null;
  con_scadenza: string | null;
  milano_con_monza: boolean;
};

const count = (v: string | null): number | null => (v === null ? null : Number(v));

/**
 * The permits section: residence permits of non-EU citizens on 1 January by province
 * (ISTAT), long-term and with an expiry, the share long-term, and the flagged workers of
 * the semester's last day per 1,000 permits with an expiry. Permits are ISTAT's figures,
 * shown as ISTAT publishes them; the flagged workers are counts of our records, under the
 * small-count rule: per province they stand beside the flags of section 4 (flags = people
 * + workers with two flags), so their table is decided with that relation and the flags
 * as section 4 showed them. A rate is shown whenever its two figures are (rates.ts).
 */
export async function permitsSection(ctx: ReportContext, people: PeopleRow[]): Promise<ReportSection> {
  const permits = await reportQuery<PermitRow>(ctx.db, 'permessi', ctx.params, ctx.tables);
  const year = ctx.semester.inizio.slice(0, 4);
  const section = (paragraphs: string[], tables: ReportTable[]): ReportSection => ({
    id: 'permessi',
    title: 'Permessi di soggiorno e lavoratori segnalati',
    paragraphs,
    tables,
    charts: [],
  });
  if (permits.length === 0) {
    return section([`Nessun dato ISTAT sui permessi di soggiorno caricato fino al 1° gennaio ${year}.`], []);
  }
  const day = permits[0]!.data;
  const dayText = `1° gennaio ${day.slice(0, 4)}${day.slice(0, 4) === year ? '' : ' (ultimo dato disponibile)'}`;
  const monza = permits.some((p) => p.milano_con_monza);
  const byProvince = people.filter((r) => r.provincia !== null);
  const provinces = [...new Set([...permits.map((p) => p.provincia), ...byProvince.map((r) => r.provincia!)])].sort();
  const permitOf = new Map(permits.map((p) => [p.provincia, p]));
  const peopleOf = new Map(byProvince.map((r) => [r.provincia!, r]));
  const total = people.find((r) => r.provincia === null);

  // The flagged workers by province, decided with what a reader has beside them: the
  // flags of section 4 (its table by reason, row totals) = people + workers with two
  // flags. The workers with two flags are not shown; they are there so that the audit
  // does not let people beside flags give a small number of them away.
  const region = !ctx.province;
  const flagged = categoryTable({
    title: 'Lavoratori segnalati per provincia',
    source: sources.co,
    keyLabel: 'Provincia',
    columns: [
      { label: 'Lavoratori segnalati (persone)', kind: 'count' },
      { label: 'di cui con due segnalazioni', kind: 'count' },
      { label: 'Segnalazioni', kind: 'count' },
    ],
    rows: provinces.map((p) => {
      const r = peopleOf.get(p);
      const [persone, conDue] = [n(r?.lavoratori), n(r?.con_due_segnalazioni)];
      return { key: p, label: ctx.labels.provincia(p), counts: [persone, conDue], derived: [persone + conDue] };
    }),
    ...(region
      ? {
          total: {
            counts: [n(total?.lavoratori), n(total?.con_due_segnalazioni)],
            derived: [n(total?.lavoratori) + n(total?.con_due_segnalazioni)],
          },
        }
      : {}),
    derivedAs: [{ 0: 1, 1: 1 }],
    minCell: ctx.minCell,
    published: ctx.published,
    // a province report's one row is the report's own figures (section 4 shows them unkeyed by province)
    keyOf: (line, column) => {
      const p = region && line < provinces.length ? provinces[line]! : null;
      return [flaggedPeopleKey(p), twoFlagsKey(p), flagsKey(p)][column];
    },
  });

  const lpShare = (lp: number | null, cs: number | null): CellValue[] => [
    lp,
    cs,
    lp !== null && cs !== null ? lp + cs : null,
    lp !== null && cs !== null && lp + cs > 0 ? (lp / (lp + cs)) * 100 : null,
  ];
  const sum = (pick: (p: PermitRow) => string | null) => {
    const values = permits.map(pick);
    return values.some((v) => v === null) ? null : values.reduce((a, v) => a + Number(v), 0);
  };
  const [lpTotal, csTotal] = [sum((p) => p.lungo_periodo), sum((p) => p.con_scadenza)];
  const monzaNote = monza
    ? ` Nell’estratto ISTAT del ${day} Milano comprende Monza e della Brianza (elenco delle province del 2009), che non ha dati propri.`
    : '';
  const permitTable: ReportTable = {
    title: `Permessi di soggiorno al ${dayText}, per provincia e tipo`,
    source: sources.istatPermessi,
    columns: [
      { label: 'Provincia', kind: 'text' },
      { label: 'Permessi di lungo periodo', kind: 'count' },
      { label: 'Permessi con scadenza', kind: 'count' },
      { label: 'Totale permessi', kind: 'count' },
      { label: 'Quota di lungo periodo (%)', kind: 'percent' },
    ],
    rows: [
      ...permits.map((p) => [
        ctx.labels.provincia(p.provincia),
        ...lpShare(count(p.lungo_periodo), count(p.con_scadenza)),
      ]),
      ...(region ? [['Totale', ...lpShare(lpTotal, csTotal)]] : []),
    ],
    totalRow: region,
    suppressed: 0,
    note: `Dati ISTAT, riportati come ISTAT li pubblica: di lungo periodo i permessi dei soggiornanti UE di lungo periodo (senza scadenza).${monzaNote}`,
  };

  const ratioRows: CellValue[][] = provinces.map((p, i) => {
    const permit = permitOf.get(p);
    const cs = count(permit?.con_scadenza ?? null);
    const persone = flagged.rows[i]![1]!;
    // Milano's permits include Monza's (ISTAT's 2009 list), its flagged workers do not
    return [ctx.labels.provincia(p), cs, persone, permit?.milano_con_monza ? null : ratePerThousand(persone, cs)];
  });
  if (region) {
    // every flagged worker's province has its permits (Monza's are in Milano's with the 2009 list)
    const covered = byProvince.every((r) => permitOf.has(r.provincia!) || (r.provincia === 'MB' && monza));
    const persone = flagged.rows.at(-1)![1]!;
    ratioRows.push(['Totale', csTotal, persone, covered ? ratePerThousand(persone, csTotal) : null]);
  }
  const ratioTable: ReportTable = {
    title: `Lavoratori non UE segnalati al ${ctx.semester.fine} per 1.000 permessi con scadenza al ${day}, per provincia`,
    source: sources.istatPermessiCo,
    columns: [
      { label: 'Provincia', kind: 'text' },
      { label: 'Permessi con scadenza', kind: 'count' },
      { label: 'Lavoratori segnalati (persone)', kind: 'count' },
      { label: 'Segnalati per 1.000 permessi con scadenza', kind: 'decimal' },
    ],
    rows: ratioRows,
    totalRow: region,
    suppressed: ratioRows.filter((line) => isSuppressed(line[2]!)).length,
    note:
      `Lavoratori segnalati: persone distinte con almeno una segnalazione l’ultimo giorno ${ctx.wording.ofThe} (sezione dei lavoratori segnalati), ` +
      `rapportate ai permessi con scadenza del ${day}, l’ultimo dato ISTAT: le due date differiscono. n.d. dove manca il dato ISTAT.` +
      (monza
        ? `${monzaNote} I segnalati di Milano non si rapportano ai permessi di entrambe: il rapporto di Milano e di Monza non è calcolato.`
        : ''),
  };
  return section(
    [
      `Permessi di soggiorno validi al ${dayText} dei cittadini non comunitari, per provincia: di lungo periodo (soggiornanti UE di lungo periodo, senza scadenza) ` +
        `e con scadenza. Poi i lavoratori non UE segnalati al ${ctx.semester.fine} per 1.000 permessi con scadenza, ` +
        'i permessi che vanno rinnovati.',
    ],
    [permitTable, ratioTable],
  );
}
