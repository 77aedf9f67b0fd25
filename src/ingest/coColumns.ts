import { matchHeader, type ContractMatch, type HeaderContract } from './matchHeader.js';

/** The columns of a CO extract, version 1 (spec co-extract.md, "Columns"). */
export const coColumns = [
  'codice_comunicazione',
  'tipo_comunicazione',
  'codice_comunicazione_prec',
  'tipo_evento',
  'data_invio',
  'lavoratore_cf',
  'lavoratore_id',
  'sesso',
  'data_nascita',
  'cittadinanza',
  'titolo_soggiorno',
  'motivo_permesso',
  'scadenza_permesso',
  'datore_cf',
  'datore_id',
  'datore_ateco',
  'sede_comune',
  'data_inizio',
  'data_fine',
  'data_evento',
  'tipo_contratto',
  'codice_trasformazione',
  'motivo_cessazione',
  'tipo_orario',
  'qualifica',
] as const;

export type CoColumn = (typeof coColumns)[number];
export type CoHeaderMatch = ContractMatch<CoColumn>;

const coContract: HeaderContract<CoColumn> = {
  name: 'CO extract (version 1)',
  columns: coColumns,
  // lavoratore_* and datore_* need one of the pair.
  required: [
    'codice_comunicazione',
    'tipo_evento',
    'data_invio',
    'sesso',
    'data_nascita',
    'cittadinanza',
    'datore_ateco',
    'sede_comune',
    'data_inizio',
    'data_evento',
    'tipo_contratto',
  ],
  oneOf: [
    ['lavoratore_cf', 'lavoratore_id'],
    ['datore_cf', 'datore_id'],
  ],
};

export const matchCoHeader = (file: string, names: string[]): CoHeaderMatch => matchHeader(file, names, coContract);
