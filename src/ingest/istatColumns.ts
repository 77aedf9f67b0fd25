import { UserError } from '../runtime/errors.js';
import { matchHeader, type ContractMatch, type HeaderContract } from './matchHeader.js';

/** The columns an ISTAT extract is read into, whatever its layout and flow. */
export const istatColumns = [
  'dataflow',
  'data_type',
  'freq',
  'anno',
  'territorio',
  'sesso',
  'eta',
  'cittadinanza',
  'tipo_permesso',
  'motivo_permesso',
  'valore',
] as const;
export type IstatColumn = (typeof istatColumns)[number];
export interface IstatHeaderMatch extends ContractMatch<IstatColumn> {
  layout: 'sdmx' | 'long';
  /**
   * SDMX dimension columns the project has no name for (MARITAL_STATUS, EDU_LEV_HIGHEST...),
   * as [name read, name written]: a flow accepts one only when it holds a single total code.
   */
  otherDimensions: [string, string][];
}

/**
 * SDMX-CSV as ISTAT's data browser (esploradati) exports it: one column per dimension
 * under its SDMX name (older flows use other names for the same dimension),
 * TIME_PERIOD and OBS_VALUE, then attribute columns.
 */
const sdmxAliases: Record<string, IstatColumn> = {
  dataflow: 'dataflow',
  data_type: 'data_type',
  freq: 'freq',
  time_period: 'anno',
  obs_value: 'valore',
  itter107: 'territorio',
  ref_area: 'territorio',
  sex: 'sesso',
  sexistat1: 'sesso',
  age: 'eta',
  eta1: 'eta',
  citizenship: 'cittadinanza',
  cittadinanza: 'cittadinanza',
  mostrel_ccitenship: 'cittadinanza',
  type_res_permit: 'tipo_permesso',
  type_res_permit_reason: 'motivo_permesso',
};
/** SDMX attributes: notes and flags about a value, not dimensions of it. */
const sdmxAttribute =
  /^(obs_status|obs_flag|obs_conf|conf_status|decimals|time_format|base_per|unit_meas|unit_mult|note_.*)$/;
/** The long layout of the spec: anno, provincia, cittadinanza, sesso, residenti. */
const longAliases: Record<string, IstatColumn> = {
  anno: 'anno',
  provincia: 'territorio',
  cittadinanza: 'cittadinanza',
  sesso: 'sesso',
  residenti: 'valore',
};

const contract = (name: string, required: IstatColumn[]): HeaderContract<IstatColumn> => ({
  name,
  columns: istatColumns,
  required,
});

/** Detects the layout from the header and maps its columns to the ISTAT columns. */
export function matchIstatHeader(file: string, names: string[]): IstatHeaderMatch {
  const lower = names.map((n) => n.trim().toLowerCase());
  const layout = lower.includes('dataflow') || lower.includes('obs_value') ? 'sdmx' : 'long';
  const aliases = layout === 'sdmx' ? sdmxAliases : longAliases;
  const match = matchHeader(
    file,
    lower.map((n) => aliases[n] ?? n),
    contract(
      layout === 'sdmx'
        ? 'ISTAT SDMX-CSV extract (DATAFLOW, DATA_TYPE, REF_AREA or ITTER107, TIME_PERIOD, OBS_VALUE)'
        : 'ISTAT long extract (anno, provincia, cittadinanza, sesso, residenti)',
      layout === 'sdmx'
        ? ['dataflow', 'anno', 'valore', 'territorio']
        : ['anno', 'territorio', 'cittadinanza', 'valore'],
    ),
  );
  if (match.extras.length === names.length) throw new UserError(`${file}: not an ISTAT extract.`);
  if (layout === 'long') return { ...match, layout, otherDimensions: [] };
  // Every SDMX column is read: attributes are expected (no warning), other dimensions are checked by the flow.
  const otherDimensions: [string, string][] = [];
  const readNames = match.readNames.map((name, i) => {
    if (!name.startsWith('extra_')) return name;
    if (sdmxAttribute.test(lower[i]!)) return `attr_${i + 1}`;
    otherDimensions.push([`dim_${i + 1}`, names[i]!]);
    return `dim_${i + 1}`;
  });
  return { ...match, readNames, layout, extras: [], otherDimensions };
}
