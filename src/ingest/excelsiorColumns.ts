import { aliasTable, headerKey, matchAliasedHeader } from './aliasedHeader.js';
import type { ContractMatch, HeaderContract } from './matchHeader.js';

/**
 * Columns of a long CSV an analyst exports from the Excelsior tables (Unioncamere,
 * Sistema Informativo Excelsior): planned hires (entrate previste) by period,
 * territory, ATECO and CP2011 occupation, with two of their parts. The aliases
 * follow the names of Excelsior's tables ("Entrate previste", "di cui difficile da
 * reperire", "Numero di entrate programmate", "ID CP2011"); see docs/ingest.md.
 */
export const excelsiorColumns = [
  'periodo',
  'regione',
  'provincia',
  'ateco',
  'professione',
  'entrate_previste',
  'di_cui_immigrati',
  'di_cui_difficile_reperimento',
] as const;
export type ExcelsiorColumn = (typeof excelsiorColumns)[number];
export type ExcelsiorHeaderMatch = ContractMatch<ExcelsiorColumn>;

/** The count columns, each read as a whole number written the Italian way. */
export const excelsiorCountColumns: readonly ExcelsiorColumn[] = [
  'entrate_previste',
  'di_cui_immigrati',
  'di_cui_difficile_reperimento',
];

const aliases = aliasTable<ExcelsiorColumn>({
  periodo: ['anno', 'periodo_di_riferimento'],
  regione: [],
  provincia: ['territorio'],
  ateco: ['settore', 'settore_ateco', 'ateco_2007', 'sezione_ateco', 'divisione_ateco', 'codice_ateco'],
  professione: ['cp2011', 'codice_cp2011', 'id_cp2011', 'professione_cp2011', 'codice_professione'],
  entrate_previste: ['entrate', 'entrate_programmate', 'numero_di_entrate_programmate', 'entrate_totali'],
  di_cui_immigrati: ['immigrati', 'entrate_immigrati', 'di_cui_stranieri', 'stranieri', 'di_cui_personale_immigrato'],
  di_cui_difficile_reperimento: [
    'difficile_reperimento',
    'di_cui_difficile_da_reperire',
    'difficile_da_reperire',
    'entrate_di_difficile_reperimento',
    'numero_di_entrate_di_difficile_reperimento',
  ],
});

const excelsiorContract: HeaderContract<ExcelsiorColumn> = {
  name: 'Excelsior export of planned hires (periodo, territorio, ateco, professione, entrate_previste, di_cui_...)',
  columns: excelsiorColumns,
  required: ['periodo', 'entrate_previste'],
  oneOf: [['regione', 'provincia']],
};

/** Whether a header is an Excelsior export: a column of planned hires. */
export const isExcelsiorHeader = (names: string[]): boolean =>
  names.some((n) => aliases[headerKey(n)] === 'entrate_previste');

export const matchExcelsiorHeader = (file: string, names: string[]): ExcelsiorHeaderMatch =>
  matchAliasedHeader(file, names, excelsiorContract, aliases);
