import { capitalised } from './periodWording.js';
import type { ReportContext } from './reportContext.js';
import type { ReportSection } from '../page/reportModel.js';

/** The definitions the report uses, in the analyst's words (docs/report.md has the rules behind them). */
export function definitionsSection(ctx: ReportContext): ReportSection {
  const w = ctx.wording;
  return {
    id: 'definizioni',
    title: 'Definizioni',
    paragraphs: [
      `**${capitalised(w.noun)}**: ${ctx.semester.semestre} va dal ${ctx.semester.inizio} al ${ctx.semester.fine}. Date in formato ISO (AAAA-MM-GG).`,
      '**Comunicazione effettiva**: l’ultima versione di una comunicazione dopo rettifiche (RET) e annullamenti (ANN); le ripetizioni tra estratti contano una volta.',
      '**Rapporto di lavoro**: lavoratore, datore di lavoro e data di inizio; finisce alla cessazione comunicata o, per i contratti a termine senza cessazione, alla data di fine prevista (cessazione implicita, «a termine»).',
      '**Gruppo di cittadinanza**: Italiani (ITA), cittadini degli altri paesi dell’Unione europea alla data dell’evento (UE), tutti gli altri (non UE, NUE). Il Regno Unito è UE fino al 2020-01-31.',
      '**Attributi del lavoratore** (sesso, data di nascita, cittadinanza): quelli della sua comunicazione più recente. Età in anni compiuti alla data dell’evento.',
      '**Sezione ATECO**: sezione ATECO 2007 del datore di lavoro (i codici ATECO 2025 sono ricondotti al 2007). **Provincia**: della sede di lavoro.',
      '**Contratto**: TI tempo indeterminato, TD tempo determinato, AP apprendistato, ALTRO le altre tipologie.',
      `**Attivazioni (rapporti)**: rapporti iniziati ${w.inThe}. **Cessazioni (rapporti)**: rapporti finiti ${w.inThe}, ciascuno una volta: alla prima cessazione comunicata (una seconda cessazione dello stesso rapporto non conta di nuovo) o, senza cessazione, alla fine prevista di un contratto a termine.`,
      `**Lavoratori attivati**, **lavoratori cessati**: persone distinte con almeno un’attivazione, o un rapporto finito, ${w.inThe} e nella riga; non si sommano tra le righe (un lavoratore assunto in due province conta in entrambe).`,
      '**Trasformazioni a tempo indeterminato**: numero delle trasformazioni di un rapporto a tempo indeterminato (da tempo determinato, apprendistato o altro contratto); nel saldo per contratto contano +1 nel tempo indeterminato e −1 nel gruppo di partenza.',
      '**Attivazioni per lavoratore**: attivazioni divise per i lavoratori attivati (persone distinte) del semestre.',
      '**Durata del rapporto cessato**: giorni dalla data di inizio alla data di fine, entrambe comprese (fine − inizio + 1); classi fino a 1 giorno, 2-3, 4-30, 31-90, 91-365 giorni, oltre un anno. Per un rapporto senza assunzione nei dati (iniziato prima del periodo coperto) la durata è non nota: è contato a parte.',
      '**Motivo della cessazione**: licenziamento, dimissioni, fine del termine (con le cessazioni implicite dei contratti a termine), altro (risoluzione consensuale, pensionamento, decesso, cessazioni nel settore pubblico, motivi non indicati o non in tabella).',
      '**Orario di lavoro**: quello comunicato all’assunzione, tempo pieno o part-time orizzontale, verticale, misto. **Quota di part-time**: attivazioni part-time sulle attivazioni con orario indicato.',
      '**Grande gruppo professionale**: il primo livello della classificazione delle professioni ISTAT CP2011 (prima cifra della qualifica comunicata all’assunzione).',
      '**Segnalazioni** e **lavoratori segnalati**: un lavoratore può avere due segnalazioni (contratto in scadenza e permesso a rischio); le segnalazioni contano le une, i lavoratori segnalati le persone.',
      `**Stock**: rapporti attivi l’ultimo giorno ${w.ofThe}; lavoratori: persone distinte con almeno un rapporto attivo.`,
      '**Tassi della Rilevazione sulle forze di lavoro** (ISTAT, RCFL), nella classe di età indicata in tavola: occupazione = occupati / popolazione (di norma 15-64 anni); disoccupazione = persone in cerca di occupazione / forze di lavoro (di norma 15-74 anni); attività = forze di lavoro / popolazione (di norma 15-64 anni). Stime campionarie ISTAT per cittadinanza (stranieri, italiani), riportate come ISTAT le pubblica. **Divario**: tasso degli stranieri meno tasso degli italiani, in punti percentuali.',
      `**Permessi di soggiorno** (ISTAT): permessi validi al 1° gennaio dei cittadini non comunitari, di lungo periodo (soggiornanti UE di lungo periodo, senza scadenza) o con scadenza. **Segnalati per 1.000 permessi con scadenza**: lavoratori non UE segnalati l’ultimo giorno ${w.ofThe} (persone) della provincia per 1.000 permessi con scadenza della provincia.`,
      `**Entrate previste** (Excelsior): assunzioni che le imprese dell’industria e dei servizi con almeno un dipendente programmano per i mesi ${w.ofThe}, secondo l’indagine Excelsior di Unioncamere e Ministero del Lavoro presso le imprese: intenzioni, non assunzioni avvenute; stime arrotondate alle decine. **Di cui immigrati**: entrate per cui le imprese prevedono personale immigrato; **di difficile reperimento**: entrate che le imprese ritengono difficili da coprire.`,
      '**Grande gruppo professionale**: la prima cifra del codice CP2011 (classificazione delle professioni ISTAT) della qualifica comunicata nelle CO o della professione richiesta in Excelsior.',
      `**n.p.**: dato non pubblicabile per riservatezza statistica (conteggio inferiore a ${ctx.minCell}, o cella che permetterebbe di ricavarlo; può nascondere anche uno zero). **n.d.**: dato non disponibile.`,
      'Le tavole per ORIM (cartella `tables/`) hanno lo schema descritto in `tables/datapackage.json` (versione dello schema indicata nel file).',
    ],
    tables: [],
    charts: [],
  };
}
