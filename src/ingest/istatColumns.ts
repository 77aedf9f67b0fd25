import { UserError } from '../errors.js';
import { matchHeader, type ContractMatch, type HeaderContract } from './matchHeader.js';

/** The columns an ISTAT extract is read into, whatever its layout. */
export const istatColumns = ['anno', 'territorio', 'sesso', 'eta', 'cittadinanza', 'residenti'] as const;
export type IstatColumn = (typeof istatColumns)[number];
export interface IstatHeaderMatch extends ContractMatch<IstatColumn> {
  layout: 'sdmx' | 'long';
}

/**
 * SDMX-CSV as ISTAT's data browser exports it: dimension columns under their SDMX
 * names (some flows use other names for the same dimension), TIME_PERIOD and OBS_VALUE.
 */
const sdmxAliases: Record<string, IstatColumn> = {
  time_period: 'anno', obs_value: 'residenti',
  itter107: 'territorio', ref_area: 'territorio',
  sex: 'sesso', sexistat1: 'sesso',
  age: 'eta', eta1: 'eta',
  citizenship: 'cittadinanza', cittadinanza: 'cittadinanza', mostrel_ccitenship: 'cittadinanza',
};
/** The long layout of the spec: anno, provincia, cittadinanza, sesso, residenti. */
const longAliases: Record<string, IstatColumn> = {
  anno: 'anno', provincia: 'territorio', cittadinanza: 'cittadinanza', sesso: 'sesso', residenti: 'residenti',
};

const contract = (name: string, required: IstatColumn[]): HeaderContract<IstatColumn> => ({ name, columns: istatColumns, required });

/** Detects the layout from the header and maps its columns to the ISTAT columns. */
export function matchIstatHeader(file: string, names: string[]): IstatHeaderMatch {
  const lower = names.map((n) => n.toLowerCase());
  const layout = lower.includes('dataflow') || lower.includes('obs_value') ? 'sdmx' : 'long';
  const aliases = layout === 'sdmx' ? sdmxAliases : longAliases;
  const renamed = lower.map((n) => aliases[n] ?? (n === 'dataflow' ? '' : n));
  const match = matchHeader(file, renamed.map((n, i) => n || names[i]!), contract(
    layout === 'sdmx' ? 'ISTAT SDMX-CSV extract (TIME_PERIOD, OBS_VALUE, ITTER107 or REF_AREA, SEX)' : 'ISTAT long extract (anno, provincia, cittadinanza, sesso, residenti)',
    layout === 'sdmx' ? ['anno', 'residenti', 'territorio', 'sesso'] : ['anno', 'territorio', 'cittadinanza', 'residenti'],
  ));
  if (match.extras.length === names.length) throw new UserError(`${file}: not an ISTAT extract.`);
  // The flow's name and SDMX attribute columns are expected in SDMX files: not worth a warning.
  const expected = (e: string) => layout === 'sdmx' && /^(dataflow|freq|obs_status|obs_flag|data_type|unit_meas|unit_mult|base_per|note_.*)$/i.test(e);
  return { ...match, layout, extras: match.extras.filter((e) => !expected(e)) };
}
