import type { Database } from '../../db/Database.js';

/** Italian labels of the report's codes. */
export const gruppoLabel: Record<string, string> = {
  ITA: 'Italiani',
  UE: 'UE (non italiani)',
  NUE: 'Non UE',
  STRANIERI: 'Stranieri (non ripartiti)',
  TOTALE: 'Totale',
};
export const sessoLabel: Record<string, string> = { M: 'Maschi', F: 'Femmine' };
export const contrattoLabel: Record<string, string> = {
  TI: 'Tempo indeterminato',
  TD: 'Tempo determinato',
  AP: 'Apprendistato',
  ALTRO: 'Altro',
};
export const flagLabel: Record<string, string> = {
  CONTRACT_ENDING: 'Contratto in scadenza',
  EXPIRED: 'Permesso scaduto',
  EXPIRING_UNEMPLOYED: 'Permesso in scadenza, senza lavoro',
  EXPIRING_CONTRACT_ENDING: 'Permesso e contratto in scadenza',
  ATTESA_OCCUPAZIONE_ENDING: 'Fine del periodo di attesa occupazione',
};
/**
 * CP2011 major groups (grandi gruppi professionali) as ISTAT names them: reference/cp2011.csv
 * holds them in capitals, with an apostrophe for the accent (ATTIVITA'), as the CO tables write
 * them. '?': an activation whose qualifica is missing or not a CP2011 code.
 */
export const grandeGruppoLabel: Record<string, string> = {
  '1': 'Legislatori, imprenditori e alta dirigenza',
  '2': 'Professioni intellettuali, scientifiche e di elevata specializzazione',
  '3': 'Professioni tecniche',
  '4': "Professioni esecutive nel lavoro d'ufficio",
  '5': 'Professioni qualificate nelle attività commerciali e nei servizi',
  '6': 'Artigiani, operai specializzati e agricoltori',
  '7': 'Conduttori di impianti, operai di macchinari fissi e mobili e conducenti di veicoli',
  '8': 'Professioni non qualificate',
  '9': 'Forze armate',
  '?': 'Qualifica non indicata o non valida',
};
export const classeEtaOrder = ['<15', '15-24', '25-34', '35-44', '45-54', '55-64', '65+'];

export interface Labels {
  provincia: (code: string) => string;
  ateco: (section: string) => string;
}

/**
 * Province names and ATECO section titles from the reference tables, as they are
 * written there: the sections as ISTAT writes them ("Q Sanità e assistenza sociale",
 * reference/ateco_sezioni.csv), so a table shows ISTAT's wording with its accents.
 */
export async function loadLabels(db: Database): Promise<Labels> {
  const province = new Map(
    (
      await db.all<{ provincia: string; denominazione: string }>('SELECT provincia, denominazione FROM ref_province')
    ).map((r) => [r.provincia, r.denominazione]),
  );
  const sezioni = new Map(
    (await db.all<{ sezione: string; descrizione: string }>('SELECT sezione, descrizione FROM ref_ateco_sezioni')).map(
      (r) => [r.sezione, r.descrizione],
    ),
  );
  return {
    provincia: (code) => province.get(code) ?? code,
    ateco: (section) =>
      sezioni.has(section) ? `${section} ${sezioni.get(section)}` : section === '?' ? '? Non indicata' : section,
  };
}
