import { aliasTable, headerKey, matchAliasedHeader } from './aliasedHeader.js';
import type { ContractMatch, HeaderContract } from './matchHeader.js';

/**
 * Columns of INPS open data on cassa integrazione: hours authorised by month,
 * territory, management and sector. The real export (INPS open data, "CIG fondi di
 * solidarietà") is `Anno,gestione_fondi,Regione,Mese,Ramo di attività,totale_ore_autorizzate`;
 * the integrazioni salariali datasets name the management `Tipo_intervento`. A
 * province column may stand beside or instead of the region (docs/ingest.md).
 */
export const inpsCigColumns = ['anno', 'mese', 'gestione', 'regione', 'provincia', 'ramo', 'ore_autorizzate'] as const;
export type InpsCigColumn = (typeof inpsCigColumns)[number];
export type InpsCigHeaderMatch = ContractMatch<InpsCigColumn>;

const aliases = aliasTable<InpsCigColumn>({
  anno: [],
  mese: [],
  regione: [],
  provincia: [],
  gestione: ['gestione_fondi', 'tipo_intervento', 'tipo_gestione', 'gestione_cig'],
  ramo: ['ramo_di_attivita', 'ramo_attivita', 'settore', 'settore_di_attivita'],
  ore_autorizzate: ['totale_ore_autorizzate', 'ore_autorizzate_totali', 'ore'],
});

const inpsCigContract: HeaderContract<InpsCigColumn> = {
  name: 'INPS open-data file of cassa integrazione hours (Anno, Mese, gestione, Regione or Provincia, totale_ore_autorizzate)',
  columns: inpsCigColumns,
  required: ['anno', 'mese', 'gestione', 'ore_autorizzate'],
  oneOf: [['regione', 'provincia']],
};

/** Whether a header is INPS's CIG hours layout: an hours column and no count of recipients. */
export function isInpsCigHeader(names: string[]): boolean {
  const keys = new Set(names.map((n) => aliases[headerKey(n)] ?? headerKey(n)));
  return keys.has('ore_autorizzate') && keys.has('gestione') && !keys.has('beneficiari');
}

export const matchInpsCigHeader = (file: string, names: string[]): InpsCigHeaderMatch =>
  matchAliasedHeader(file, names, inpsCigContract, aliases);
