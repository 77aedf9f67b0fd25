import { matchHeader, type ContractMatch, type HeaderContract } from './matchHeader.js';

/** Columns of an INPS income-support extract (spec inps-istat.md). */
export const inpsColumns = [
  'periodo',
  'provincia',
  'prestazione',
  'cittadinanza',
  'sesso',
  'beneficiari',
  'ore_autorizzate',
] as const;
export type InpsColumn = (typeof inpsColumns)[number];
export type InpsHeaderMatch = ContractMatch<InpsColumn>;

const inpsContract: HeaderContract<InpsColumn> = {
  name: 'INPS extract of income-support recipients',
  columns: inpsColumns,
  required: ['periodo', 'provincia', 'prestazione', 'cittadinanza', 'beneficiari'],
};

/** Benefits the spec names; other codes are loaded as written, with a warning. */
export const knownPrestazioni = ['CIGO', 'CIGS', 'CIGD', 'FIS', 'NASPI', 'DISCOLL', 'MOBILITA', 'ASPI', 'DS'];

export const matchInpsHeader = (file: string, names: string[]): InpsHeaderMatch =>
  matchHeader(file, names, inpsContract);
