import { UserError } from '../errors.js';
import type { HeaderMatch } from './ingestFile.js';

/** The columns of a CO extract, version 1 (spec co-extract.md, "Columns"). */
export const coColumns = [
  'codice_comunicazione', 'tipo_comunicazione', 'codice_comunicazione_prec', 'tipo_evento', 'data_invio',
  'lavoratore_cf', 'lavoratore_id', 'sesso', 'data_nascita', 'cittadinanza', 'titolo_soggiorno',
  'motivo_permesso', 'scadenza_permesso', 'datore_cf', 'datore_id', 'datore_ateco', 'sede_comune',
  'data_inizio', 'data_fine', 'data_evento', 'tipo_contratto', 'codice_trasformazione',
  'motivo_cessazione', 'tipo_orario', 'qualifica',
] as const;

export type CoColumn = (typeof coColumns)[number];

/** Required in every file; lavoratore_* and datore_* need one of the pair. */
const required: CoColumn[] = [
  'codice_comunicazione', 'tipo_evento', 'data_invio', 'sesso', 'data_nascita', 'cittadinanza',
  'datore_ateco', 'sede_comune', 'data_inizio', 'data_evento', 'tipo_contratto',
];
const oneOf: [CoColumn, CoColumn][] = [
  ['lavoratore_cf', 'lavoratore_id'],
  ['datore_cf', 'datore_id'],
];

export interface CoHeaderMatch extends HeaderMatch {
  present: Set<CoColumn>;
}

/**
 * Matches a header to the contract: names are case-insensitive and in any order.
 * A missing required column or a repeated one fails the file before any row is read.
 */
export function matchCoHeader(file: string, names: string[]): CoHeaderMatch {
  const known = new Set<string>(coColumns);
  const present = new Set<CoColumn>();
  const extras: string[] = [];
  const readNames = names.map((name, i) => {
    const canonical = name.toLowerCase();
    if (!known.has(canonical)) {
      extras.push(name);
      return `extra_${i + 1}`;
    }
    if (present.has(canonical as CoColumn)) {
      throw new UserError(`${file}: column ${canonical} appears twice in the header. Remove one of them and ingest again.`);
    }
    present.add(canonical as CoColumn);
    return canonical;
  });
  const missing = required.filter((c) => !present.has(c));
  for (const [a, b] of oneOf) if (!present.has(a) && !present.has(b)) missing.push(`${a} or ${b}` as CoColumn);
  if (missing.length) {
    throw new UserError(
      `${file}: missing required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}. ` +
        'Check that this is a CO extract (version 1) and that its header row names every required column.',
    );
  }
  return { readNames, present, extras };
}
