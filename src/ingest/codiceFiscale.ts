/**
 * What a codice fiscale and a partita IVA look like, their check characters, and
 * how a value shaped like one is masked. One place for these rules: the copy that
 * DuckDB reads (writeSafeCopy) pseudonymises or masks every such value before any
 * byte of it reaches the database, its temporary files or a log.
 */

const oddValues = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
const charValue = (c: number) => (c >= 48 && c <= 57 ? c - 48 : c - 65);

/** A person's codice fiscale by shape: surname, name, birth date and place (omocodia letters allowed), check letter. */
const personShape = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;
const companyShape = /^[0-9]{11}$/;

/** The check character of the first 15 characters of a codice fiscale (upper case). */
export function cfCheckChar(first15: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const v = charValue(first15.charCodeAt(i));
    sum += i % 2 === 0 ? oddValues[v]! : v; // positions 1, 3, 5... (1-based) weigh through the ministerial table
  }
  return String.fromCharCode(65 + (sum % 26));
}

/** The check digit of the first 10 digits of a partita IVA (Luhn: even positions doubled, minus 9 above 9). */
export function partitaIvaCheckDigit(first10: string): string {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const d = first10.charCodeAt(i) - 48;
    sum += i % 2 === 0 ? d : d * 2 > 9 ? d * 2 - 9 : d * 2;
  }
  return String((10 - (sum % 10)) % 10);
}

/** A person's codice fiscale (upper case) with the right shape and check character. */
export const isCodiceFiscale = (cf: string): boolean => personShape.test(cf) && cfCheckChar(cf) === cf[15];

/** A company's codice fiscale, the partita IVA: 11 digits with the right check digit. */
export const isPartitaIva = (cf: string): boolean => companyShape.test(cf) && partitaIvaCheckDigit(cf) === cf[10];

/**
 * A person's codice fiscale by shape, anywhere in a text (any case), with at least
 * one digit where its digits go: omocodia replaces them by letters one at a time,
 * from the last, and an all-letter window of ordinary words would match otherwise.
 */
const personInText = /[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]/gi;
const isCodeLike = (match: string) => /[0-9]/.test(match);
/** A partita IVA by shape: 11 digits that are not part of a longer number. */
const companyInText = /(?<![0-9])[0-9]{11}(?![0-9])/;
/** Invisible format characters (a zero-width space) put inside a code do not hide it. */
const invisible = /\p{Cf}/gu;

/**
 * Whether a value holds the shape of a codice fiscale, or (unless `digits` are
 * allowed, as in the 16-digit codici comunicazione) of a partita IVA, anywhere in
 * it and whatever its check character: a mistyped code, or one with text around
 * it (`CF:RSSMRA85T10A562S`), still identifies its holder. No column but the
 * identifier columns may hold one, so such a value is masked whole (a codice
 * fiscale typed in `sesso` is rejected, masked).
 */
export function holdsIdentifier(value: string, digits = false): boolean {
  if (value.length < 11) return false;
  const bare = value.replace(invisible, '');
  return [...bare.matchAll(personInText)].some(([m]) => isCodeLike(m)) || (!digits && companyInText.test(bare));
}

/** Text for a message or a log (a header name, an error): every code-shaped part masked. */
export function maskIdentifiers(text: string): string {
  return text
    .replace(personInText, (cf) => (isCodeLike(cf) ? maskedValue(cf.length) : cf))
    .replace(new RegExp(companyInText.source, 'g'), (cf) => maskedValue(cf.length));
}

/** Starts every masked value: the SQL recognises a masked value by it (macros.sql, co_masked). */
export const MASK_PREFIX = '[codice fiscale oscurato,';

/** What is stored and shown in place of a raw identifier: its length only. */
export const maskedValue = (length: number): string => `${MASK_PREFIX} ${length} caratteri]`;
