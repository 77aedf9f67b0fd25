import { readHeader } from './readHeader.js';

/** Which extract a file is, from its header only: CO, INPS, ISTAT, or undefined when none. */
export function detectKind(file: string): 'co' | 'inps' | 'istat' | undefined {
  let names: Set<string>;
  try {
    // header names are ASCII, so the encoding does not matter here
    names = new Set(readHeader(file, 'utf-8')?.names.map((n) => n.toLowerCase()) ?? []);
  } catch {
    return undefined;
  }
  if (names.has('codice_comunicazione')) return 'co';
  if (names.has('prestazione') && names.has('periodo')) return 'inps';
  if (names.has('obs_value') || (names.has('anno') && names.has('residenti'))) return 'istat';
  return undefined;
}
