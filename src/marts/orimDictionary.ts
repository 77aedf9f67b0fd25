/**
 * The data dictionary of the ORIM tables (schema version 2): the Italian description
 * of every column, written into datapackage.json and docs/orim-schema-2.md. A column
 * means the same in every table unless the table's definition says otherwise
 * (orimTables.ts, `fields`). The writer refuses a column with no description.
 */
export const columnDescriptions: Readonly<Record<string, string>> = {
  semestre: 'Semestre di riferimento (AAAA-H1: 1 gennaio-30 giugno; AAAA-H2: 1 luglio-31 dicembre).',
  anno: 'Anno di riferimento (AAAA: 1 gennaio-31 dicembre), nelle tavole annuali.',
  data: 'Data di riferimento: ultimo giorno del semestre.',
  periodo:
    'Periodo di riferimento ISTAT: ultimo anno disponibile fino a quello del semestre (AAAA), o trimestre del semestre (AAAA-Qn).',
  provincia: 'Provincia, sigla automobilistica (MI).',
  codice_provincia: 'Provincia, codice ISTAT a tre cifre (015).',
  gruppo_cittadinanza:
    "Gruppo di cittadinanza alla data dell'evento: ITA italiana, UE altro Paese dell'Unione europea, NUE Paese non UE.",
  gruppo_contratto: 'Gruppo di contratto: TI tempo indeterminato, TD tempo determinato, AP apprendistato, ALTRO.',
  ateco_sezione: 'Sezione ATECO 2007 del datore di lavoro (lettera; ? se non nota).',
  sesso: 'Sesso: M maschi, F femmine.',
  classe_eta: "Classe di età in anni compiuti alla data dell'evento (<15, 15-24, 25-34, 35-44, 45-54, 55-64, 65+).",
  cittadinanza: 'Cittadinanza, codice ISTAT del Paese (tre cifre).',
  nome: 'Cittadinanza, denominazione italiana del Paese.',
  classe_durata:
    'Durata del rapporto cessato in giorni (fine - inizio + 1): 1 fino a un giorno, 2-3, 4-30, 31-90, 91-365, 366+ oltre un anno; ? non nota (rapporto iniziato prima dei dati).',
  gruppo_motivo:
    'Motivo della cessazione comunicata, per gruppo: LICENZIAMENTO, DIMISSIONI, FINE_TERMINE fine del termine, ALTRO (anche motivo non indicato o non in tabella); le cessazioni a termine senza comunicazione sono nelle tavole dei flussi.',
  orario:
    "Orario di lavoro dell'assunzione: F tempo pieno, P part-time orizzontale, V part-time verticale, M part-time misto, ? non indicato.",
  attivazioni: 'Attivazioni: rapporti di lavoro avviati nel semestre (comunicazioni di assunzione efficaci).',
  cessazioni_comunicate:
    'Cessazioni comunicate: rapporti cessati nel semestre con comunicazione di cessazione (una per rapporto, alla prima).',
  cessazioni_a_termine:
    'Cessazioni a termine: rapporti a termine giunti alla data di fine prevista senza comunicazione di cessazione.',
  cessazioni: 'Cessazioni: rapporti cessati nel semestre (comunicate più a termine).',
  proroghe: 'Proroghe comunicate nel semestre.',
  trasformazioni_ti:
    'Trasformazioni a tempo indeterminato del semestre (contate nella riga TI; 0 negli altri gruppi di contratto).',
  trasformazioni_uscite:
    'Trasformazioni a tempo indeterminato che lasciano il gruppo di contratto della riga (TD, AP o ALTRO; 0 nella riga TI).',
  saldo: 'Saldo dei rapporti: attivazioni meno cessazioni.',
  rapporti_attivi: 'Rapporti di lavoro attivi alla data.',
  lavoratori_attivi:
    'Lavoratori distinti con almeno un rapporto attivo alla data nella cella (non si sommano tra celle).',
  flag: 'Segnalazione: CONTRACT_ENDING contratto in scadenza, PERMIT_AT_RISK permesso di soggiorno a rischio.',
  motivo:
    'Motivo: per PERMIT_AT_RISK EXPIRED, EXPIRING_UNEMPLOYED, EXPIRING_CONTRACT_ENDING, ATTESA_OCCUPAZIONE_ENDING; CONTRACT_ENDING per quella segnalazione.',
  lavoratori: 'Lavoratori segnalati (persone).',
  prestazione: 'Prestazione INPS di sostegno al reddito (NASPI, CIGO...).',
  beneficiari: 'Beneficiari INPS della prestazione nel semestre (media dei mesi se INPS non dà il semestre).',
  residenti: 'Residenti al 1° gennaio (ISTAT).',
  tipo_permesso:
    'Tipo di permesso: LUNGO_PERIODO soggiornanti UE di lungo periodo (senza scadenza), CON_SCADENZA permessi con scadenza.',
  permessi: 'Permessi di soggiorno di cittadini non UE validi al 1° gennaio (ISTAT).',
  indicatore:
    'Indicatore ISTAT: EMP_R tasso di occupazione, UNEM_R di disoccupazione, ACT_R di attività, INACT_R di inattività.',
  eta: 'Classe di età come la scrive ISTAT (Y15-64...).',
  tasso: 'Tasso in per cento (66,3 = 66,3 %), stima della Rilevazione sulle forze di lavoro ISTAT: non è un conteggio.',
  entrate_previste:
    'Entrate previste dalle imprese nei mesi del semestre (Excelsior, Unioncamere): stime, non conteggi.',
  entrate_immigrati: 'Di cui entrate previste di lavoratori immigrati (vuoto se un mese non lo riporta).',
  entrate_difficile_reperimento: 'Di cui entrate di difficile reperimento (vuoto se un mese non lo riporta).',
  grande_gruppo:
    "Grande gruppo professionale CP2011 (ISTAT), la prima cifra del codice: 1 legislatori, imprenditori e alta dirigenza; 2 professioni intellettuali, scientifiche e di elevata specializzazione; 3 professioni tecniche; 4 professioni esecutive nel lavoro d'ufficio; 5 professioni qualificate nelle attività commerciali e nei servizi; 6 artigiani, operai specializzati e agricoltori; 7 conduttori di impianti, operai di macchinari fissi e mobili e conducenti di veicoli; 8 professioni non qualificate; 9 forze armate.",
  gestione: 'Gestione della cassa integrazione o del fondo (CIGO, CIGS, CIGD, FIS, FONDI).',
  ore_autorizzate:
    'Ore di cassa integrazione autorizzate nei mesi del semestre (non ore utilizzate, non persone), arrotondate.',
  ateco_divisione:
    'Divisione ATECO 2007 del datore di lavoro (due cifre; un codice ATECO 2025 prende la divisione 2007 dei codici che il raccordo ISTAT gli associa; ? se non nota).',
  cessazioni_entro_1_giorno: 'Di cui rapporti cessati durati al più un giorno (fine - inizio + 1).',
  cessazioni_entro_3_giorni: 'Di cui rapporti cessati durati al più tre giorni (compresi quelli di un giorno).',
  lavoratori_molti_brevi:
    "Lavoratori con 4 o più rapporti di al più 30 giorni cessati nel semestre, contati una volta, nella cella dell'ultimo di essi.",
  coppie_brevi_ripetute:
    "Coppie lavoratore-datore con 2 o più rapporti di al più 30 giorni cessati nel semestre, contate una volta, nella cella dell'ultimo.",
  attivazioni_intermittenti: 'Di cui attivazioni di lavoro intermittente (tipologia A.05).',
  attivazioni_domestiche: 'Di cui attivazioni di lavoro domestico (tipologia A.04).',
  attivazioni_agricole_stagionali:
    'Di cui attivazioni a termine in agricoltura (sezione ATECO A) di durata prevista fino a 270 giorni (stagionali).',
  attivazioni_permesso_stagionale:
    "Di cui attivazioni di lavoratori con permesso per lavoro stagionale (motivo LASTA o LAVPL nell'assunzione).",
  attivazioni_donne: 'Di cui attivazioni di donne (gli uomini sono attivazioni - attivazioni_donne).',
  part_time_uomini: 'Attivazioni part-time (orizzontale, verticale o misto) di uomini.',
  part_time_donne: 'Attivazioni part-time (orizzontale, verticale o misto) di donne.',
  datori:
    'Unità datoriali (datore di lavoro x provincia) con almeno una attivazione o un rapporto cessato nel semestre.',
  datori_molte_assunzioni:
    'Di cui con molte assunzioni: almeno 5 e almeno il doppio dei rapporti attivi a inizio semestre.',
  datori_uscite_rapide:
    "Di cui con molte uscite rapide: almeno 5 cessazioni comunicate entro 7 giorni dall'inizio, non per fine del termine, e almeno metà delle cessazioni.",
  datori_molti_brevissimi:
    'Di cui con molti rapporti brevissimi: almeno 5 rapporti cessati durati al più 3 giorni, e almeno metà delle cessazioni.',
  datori_segnalati: 'Di cui con almeno uno dei tre indicatori.',
  soppressa: 'Riga soppressa per la tutela del segreto statistico: le misure sono vuote (true), pubblicate (false).',
};

/**
 * The phrases of the dictionary and of the tables' titles that name the semester, and
 * what an annual edition says instead (most specific first): the tables of a year are
 * the tables of a semester over 1 January to 31 December, so their columns mean the
 * same with "anno" for "semestre" (docs/orim-schema-2.md, "Annual edition").
 */
const annualPhrases: [RegExp, string][] = [
  [/dell'anno del semestre/g, "dell'anno"],
  [/fino a quello del semestre/g, "fino a quello dell'anno"],
  [/non dà il semestre/g, "non dà l'anno"],
  [/\bdel semestre\b/g, "dell'anno"],
  [/\bnel semestre\b/g, "nell'anno"],
  [/\ba fine semestre\b/g, 'a fine anno'],
];

/** A description or title of a semester's tables as the annual edition writes it. */
export function annualWording(text: string): string {
  return annualPhrases.reduce((t, [phrase, annual]) => t.replace(phrase, annual), text);
}
