import type { ReportContext } from './reportContext.js';
import type { ReportSection } from '../page/reportModel.js';

/** The producers of data besides the CO, as a source line names them and as the note says them. */
const otherSources = [
  { named: 'INPS', as: 'INPS' },
  { named: 'ISTAT', as: 'ISTAT' },
  { named: 'Excelsior', as: 'del Sistema Informativo Excelsior (Unioncamere - Ministero del Lavoro)' },
];

/** "a, b e c" */
const andList = (items: string[]) =>
  items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} e ${items.at(-1)}`;

/** "da 1 a 4", or "pari a 1" for a threshold of 2: the counts the small-count rule withholds. */
const smallCounts = (minCell: number) => (minCell === 2 ? 'pari a 1' : `da 1 a ${minCell - 1}`);

/**
 * The "Nota metodologica": where the figures come from (the CO, and the other producers
 * the source lines of the sections' tables name), where the definitions are,
 * the rule of disclosure control with the report's threshold, and when a semester
 * counts as covered by the data (docs/report.md has the rules in full).
 */
export function methodologySection(ctx: ReportContext, sections: ReportSection[]): ReportSection {
  // the other producers the tables' source lines name (page/sources.ts), in this order
  const cited = sections.flatMap((s) => s.tables.map((t) => t.source)).join('\n');
  const others = otherSources.filter((o) => cited.includes(o.named)).map((o) => o.as);
  const sent =
    ctx.coverage.primoInvio && ctx.coverage.ultimoInvio
      ? ` inviate dal ${ctx.coverage.primoInvio} al ${ctx.coverage.ultimoInvio}`
      : '';
  const disclosure =
    ctx.minCell > 1
      ? `**Riservatezza statistica.** I conteggi ${smallCounts(ctx.minCell)} non sono pubblicati (n.p., soglia ${ctx.minCell}); ` +
        'è soppressa anche ogni cella che permetterebbe di ricavarli da totali, differenze o altre tavole (soppressione secondaria, ' +
        'verificata con la programmazione lineare: nessun valore soppresso si può ricostruire in un intervallo più stretto della soglia), ' +
        'e uno zero può essere soppresso come complemento, perciò n.p. può nascondere anche uno zero. ' +
        'Le tavole per ORIM seguono la stessa regola e il rapporto mostra le cifre che ha in comune con esse come esse le pubblicano. ' +
        'Nei grafici un valore soppresso non è disegnato come zero: la barra manca ed è indicata con n.p. ' +
        'Un tasso è pubblicato quando lo sono il suo numeratore e il suo denominatore; le ore di cassa integrazione non sono conteggi di persone e sono pubblicate come calcolate.'
      : '**Riservatezza statistica.** Soppressione delle celle disattivata (--min-cell 1): rapporto per uso interno, da non diffondere.';
  return {
    id: 'nota-metodologica',
    title: 'Nota metodologica',
    paragraphs: [
      `**Fonti.** Comunicazioni Obbligatorie (CO) di Regione Lombardia: assunzioni, proroghe, trasformazioni e cessazioni dei rapporti di lavoro${sent}, ` +
        'contate una volta anche quando ripetute in più estratti, dopo rettifiche e annullamenti. ' +
        (others.length ? `Le tavole usano anche dati ${andList(others)}. ` : '') +
        'Sotto ogni tavola è indicata la sua fonte; le cifre sono elaborazioni su questi dati. ' +
        'La sezione «Qualità dei dati e riservatezza» dice che cosa è stato caricato e che cosa scartato.',
      '**Definizioni.** Attivazioni, cessazioni, lavoratori, saldo, stock, segnalazioni e gruppi di cittadinanza sono definiti nella sezione «Definizioni»; ' +
        'i rapporti di lavoro sono contati per evento, i lavoratori come persone distinte.',
      '**Copertura dei dati.** Un semestre è coperto quando i dati CO contengono ciascuno dei suoi sei mesi (mese di invio delle comunicazioni) ' +
        'con un volume normale: almeno la metà delle comunicazioni del mese mediano dei dati. ' +
        (ctx.province
          ? 'Per un rapporto provinciale la regola vale anche per le comunicazioni della provincia. '
          : '') +
        'Un rapporto su un semestre non coperto si apre con un avviso; le cifre dei semestri di confronto non coperti sono indicate n.d.',
      disclosure,
    ],
    tables: [],
    charts: [],
  };
}
