import { isExcelsiorHeader } from './excelsiorColumns.js';
import { isInpsCigHeader } from './inpsCigColumns.js';
import type { KindName } from './kindNames.js';
import { readHeader } from './readHeader.js';

/** Which extract a header is: CO, INPS recipients, INPS cassa integrazione hours, ISTAT, Excelsior, or undefined. */
function kindOfHeader(header: string[]): KindName | undefined {
  const names = new Set(header.map((n) => n.toLowerCase()));
  if (names.has('codice_comunicazione')) return 'co';
  if (names.has('prestazione') && names.has('periodo')) return 'inps';
  if (isInpsCigHeader(header)) return 'inps-cig';
  if (names.has('obs_value') || (names.has('anno') && names.has('residenti'))) return 'istat';
  if (isExcelsiorHeader(header)) return 'excelsior';
  return undefined;
}

/** Which extract a file is, from its header only (see kindOfHeader). */
export function detectKind(file: string): KindName | undefined {
  try {
    // header names are ASCII but for an accent or two ("Ramo di attività"): utf-8 reads those of a UTF-8 file
    return kindOfHeader(readHeader(file, 'utf-8')?.names ?? []);
  } catch {
    return undefined;
  }
}

/**
 * The kind `ingest inps` loads a file as: INPS publishes recipients and cassa
 * integrazione hours in different layouts, told apart by the header; hours go to
 * their own table, never to a count of people.
 */
export const inpsKindOf = (file: string): 'inps' | 'inps-cig' =>
  detectKind(file) === 'inps-cig' ? 'inps-cig' : 'inps';
