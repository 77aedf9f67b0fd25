import type { DuckDBValue } from '@duckdb/node-api';
import type { Database } from '../db/Database.js';
import { fillTemplate, quoteIdent, readSql } from '../db/runScript.js';
import { UserError } from '../runtime/errors.js';
import type { IstatColumn, IstatHeaderMatch } from './istatColumns.js';

const factsSql = readSql(new URL('./istat_flow_facts.sql', import.meta.url));
const dimensionSql = readSql(new URL('./istat_dimension_values.sql', import.meta.url));

/** One kind of ISTAT data the pipeline reads, each into its own table. */
export interface IstatFlow {
  name: 'residenti' | 'permessi' | 'forze_lavoro';
  label: string;
  /** How ISTAT names the flow inside DATAFLOW (IT1:29_317_DF_DCIS_POPSTRCIT1_24(1.0)). */
  dataflow: RegExp;
  /** The DATA_TYPE codes the flow's table holds. */
  dataTypes: readonly string[];
  /** The dimensions its table keeps; any other must hold a single total code. */
  dimensions: readonly IstatColumn[];
  table: string;
}

export const istatFlows: readonly IstatFlow[] = [
  {
    name: 'residenti',
    label:
      'resident population on 1 January: foreign residents by citizenship (DCIS_POPSTRCIT) or all residents (DCIS_POPSTRRES)',
    dataflow: /DCIS_POPSTR(CIT|RES)/,
    dataTypes: ['FJAN', 'JAN'],
    dimensions: ['territorio', 'sesso', 'eta', 'cittadinanza'],
    table: 'istat_residenti',
  },
  {
    name: 'permessi',
    label: 'residence permits of non-EU citizens on 1 January (DCIS_PERMSOGG)',
    dataflow: /DCIS_PERMSOGG/,
    dataTypes: ['RESPER'],
    dimensions: ['territorio', 'sesso', 'eta', 'cittadinanza', 'tipo_permesso', 'motivo_permesso'],
    table: 'istat_permessi',
  },
  {
    name: 'forze_lavoro',
    label: 'labour force survey rates (RCFL: DCCV_TAXOCCU, DCCV_TAXDISOCCU, DCCV_TAXATVT, DCCV_TAXINATT)',
    dataflow: /DCCV_TAX(OCCU|DISOCCU|ATVT|INATT)/,
    dataTypes: ['EMP_R', 'UNEM_R', 'ACT_R', 'INACT_R'],
    dimensions: ['territorio', 'sesso', 'eta', 'cittadinanza'],
    table: 'istat_forze_lavoro',
  },
];

/** Codes ISTAT writes for "all" of a dimension: a dimension the table does not keep may hold only one of these. */
const totalCodes: readonly string[] = ['TOTAL', 'ALL', 'WORLD', '9', '99', '_T', 'T'];

const supported = () => istatFlows.map((f) => `${f.label}, DATA_TYPE ${f.dataTypes.join('/')}`).join('; ');

/**
 * Which flow an SDMX extract is, from its DATAFLOW and DATA_TYPE values: one flow per
 * file, each DATA_TYPE one its table holds. Anything else is refused whole, naming
 * what was found and what is supported (never loaded as something else).
 */
export async function recogniseFlow(
  db: Database,
  file: string,
  match: IstatHeaderMatch,
  scan: Record<string, DuckDBValue>,
): Promise<{ flow: IstatFlow; dataflow: string }> {
  const slot = { data_type: match.present.has('data_type') ? 'data_type' : 'NULL::VARCHAR' };
  const facts = await db.all<{ dataflow: string | null; data_type: string | null; n: string }>(
    fillTemplate(factsSql, slot),
    scan,
  );
  const flows = [...new Set(facts.map((f) => f.dataflow ?? ''))];
  const types = [...new Set(facts.map((f) => f.data_type).filter((t): t is string => t !== null))];
  if (flows.length > 1) {
    throw new UserError(
      `${file}: the file mixes ISTAT flows (${flows.join(', ')}). Export one flow per file and ingest each.`,
    );
  }
  const id = flows[0] ?? '';
  // Some flows are named by number only (IT1:151_914(1.0)): then their DATA_TYPE says what they are.
  const flow =
    istatFlows.find((f) => f.dataflow.test(id)) ??
    istatFlows.find((f) => types.length > 0 && types.every((t) => f.dataTypes.includes(t)));
  if (!flow) {
    throw new UserError(
      `${file}: ISTAT flow ${id || '(no DATAFLOW value)'}${types.length ? ` with DATA_TYPE ${types.join(', ')}` : ''} ` +
        `is not one the pipeline reads. Supported: ${supported()}.`,
    );
  }
  const foreign = types.filter((t) => !flow.dataTypes.includes(t));
  if (foreign.length || (types.length === 0 && match.present.has('data_type'))) {
    throw new UserError(
      `${file}: flow ${id} holds DATA_TYPE ${foreign.join(', ') || '(empty)'}, which is not ${flow.label} ` +
        `(expected ${flow.dataTypes.join(' or ')}). Export only those data types, or the right flow.`,
    );
  }
  await refuseUnknownDimensions(db, file, flow, match, scan);
  return { flow, dataflow: id };
}

/**
 * A dimension the flow's table does not keep is summed over by no one: it is accepted
 * only when every row holds the same total code (MARITAL_STATUS 99, TYPE_RES_PERMIT_REASON
 * ALL); otherwise the file is refused, naming the column and its values.
 */
async function refuseUnknownDimensions(
  db: Database,
  file: string,
  flow: IstatFlow,
  match: IstatHeaderMatch,
  scan: Record<string, DuckDBValue>,
): Promise<void> {
  const unknown: [string, string][] = [
    ...match.otherDimensions,
    ...[...match.present]
      .filter((c) => !flow.dimensions.includes(c) && ['tipo_permesso', 'motivo_permesso'].includes(c))
      .map((c): [string, string] => [c, c.toUpperCase()]),
  ];
  for (const [column, written] of unknown) {
    const row = await db.one<{ n: string; valori: string | null }>(
      fillTemplate(dimensionSql, { column: quoteIdent(column) }),
      scan,
    );
    const values = row?.valori?.split('|') ?? [];
    if (values.length === 0) continue;
    if (values.length === 1 && totalCodes.includes(values[0]!)) continue;
    throw new UserError(
      `${file}: column ${written} holds ${values.length === 1 ? `only ${values[0]}` : `${row!.n} values (${values.slice(0, 8).join(', ')}${values.length > 8 ? ', ...' : ''})`}, ` +
        `but the table of ${flow.label} has no ${written} dimension, and its rows would be added up as if they were one. ` +
        `Export the flow with ${written} set to its total only.`,
    );
  }
}
