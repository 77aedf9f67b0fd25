import { UserError } from '../runtime/errors.js';
import type { HeaderMatch } from './ingestFile.js';

export interface HeaderContract<C extends string> {
  /** What the extract is, for messages ("CO extract (version 1)"). */
  name: string;
  columns: readonly C[];
  required: readonly C[];
  /** Pairs of which at least one must be present. */
  oneOf?: readonly (readonly [C, C])[];
}

export interface ContractMatch<C extends string> extends HeaderMatch {
  present: Set<C>;
}

/**
 * Matches a header to a column contract: names are case-insensitive and in any
 * order. A missing required column or a repeated one fails the file before any
 * row is read; unknown columns are kept aside (ignored with a warning).
 */
export function matchHeader<C extends string>(
  file: string,
  names: string[],
  contract: HeaderContract<C>,
): ContractMatch<C> {
  const known = new Set<string>(contract.columns);
  const present = new Set<C>();
  const extras: string[] = [];
  const readNames = names.map((name, i) => {
    const canonical = name.toLowerCase();
    if (!known.has(canonical)) {
      extras.push(name);
      return `extra_${i + 1}`;
    }
    if (present.has(canonical as C)) {
      throw new UserError(
        `${file}: column ${canonical} appears twice in the header. Remove one of them and ingest again.`,
      );
    }
    present.add(canonical as C);
    return canonical;
  });
  const missing: string[] = contract.required.filter((c) => !present.has(c));
  for (const [a, b] of contract.oneOf ?? []) if (!present.has(a) && !present.has(b)) missing.push(`${a} or ${b}`);
  if (missing.length) {
    throw new UserError(
      `${file}: missing required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}. ` +
        `Check that this is a ${contract.name} and that its header row names every required column.`,
    );
  }
  return { readNames, present, extras };
}
