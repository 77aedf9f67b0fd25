import { matchHeader, type ContractMatch, type HeaderContract } from './matchHeader.js';

/**
 * A header name as compared with a contract's aliases: lower case, no accents, every
 * run of other characters one underscore ("Ramo di attività" = ramo_di_attivita,
 * "Tipo_intervento" = tipo_intervento).
 */
export const headerKey = (name: string): string =>
  name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');

/**
 * Matches a header whose columns a source names in several ways (INPS open data,
 * Excelsior exports): each name is read through the aliases (by headerKey) to the
 * contract's column, then matched as usual (matchHeader). Names no alias knows are
 * extras, reported as written.
 */
export function matchAliasedHeader<C extends string>(
  file: string,
  names: string[],
  contract: HeaderContract<C>,
  aliases: Readonly<Record<string, C>>,
): ContractMatch<C> {
  return matchHeader(
    file,
    names.map((name) => aliases[headerKey(name)] ?? name),
    contract,
  );
}

/** The aliases of each column, flattened: alias key -> column. */
export const aliasTable = <C extends string>(byColumn: Readonly<Record<C, readonly string[]>>): Record<string, C> =>
  Object.fromEntries(
    Object.entries(byColumn).flatMap(([column, names]) =>
      [column, ...(names as string[])].map((n) => [n, column as C]),
    ),
  );
