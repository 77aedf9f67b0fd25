import { hash } from 'node:crypto';
import { isCodiceFiscale, isPartitaIva, maskedValue } from './codiceFiscale.js';
import type { PseudonymKey } from './pseudonymKey.js';
import { shippedBirthPlaces, workerCodeFindings } from './workerCode.js';

/**
 * Which codes an identifier column takes: a worker is a person (16 characters, or the
 * 11-digit provisional codice fiscale of a newly arrived worker); an employer a person
 * or a company.
 */
export type IdentifierRule = 'person' | 'person-or-company';

/**
 * Most codici fiscali the cache keeps (about 110 bytes each in memory, measured): past it the
 * cache starts again, so memory stays bounded however many files a command reads.
 * The 10-million-row benchmark meets 4.2 million.
 */
const PSEUDONYM_CACHE_LIMIT = 6_000_000;

const INVALID = '';

/** Bytes of a message hashed in place (a code has 16; the key's fingerprint label 38). */
const MESSAGE_ROOM = 64;

/**
 * Turns the raw codici fiscali of an extract into pseudonyms, in JavaScript, before
 * DuckDB reads a byte of them: HMAC-SHA-256 under the operator's key, truncated to
 * 128 bits (32 hex characters). A value is checked and hashed once per command: the
 * same workers and employers come back month after month. The cache lives in this
 * process's memory only, as long as the command.
 */
export class PseudonymCache {
  private readonly known = new Map<string, string>();
  /** The inner pad, then room for a code: the inner hash's input, written in place. */
  private readonly inner: Buffer;
  /** The outer pad, then the inner hash. */
  private readonly outer: Buffer;

  /**
   * Identifies the key without revealing it: the pseudonym of a label no codice
   * fiscale can be. The database keeps it, and refuses another key (keyFingerprint.ts).
   */
  readonly fingerprint: string;

  /**
   * `birthPlaces`: the Belfiore codes a worker's code may be born in (workerCode.ts,
   * loadBirthPlaces); the shipped ones by default.
   */
  constructor(
    key: PseudonymKey,
    private readonly limit = PSEUDONYM_CACHE_LIMIT,
    private readonly birthPlaces: ReadonlySet<string> = shippedBirthPlaces(),
  ) {
    this.inner = Buffer.alloc(64 + MESSAGE_ROOM);
    this.inner.set(key.ipad);
    this.outer = Buffer.alloc(64 + 32);
    this.outer.set(key.opad);
    this.fingerprint = this.hmac('co-pipeline: pseudonym key fingerprint').slice(0, 16);
  }

  /** Values checked and hashed so far (bounded by the limit). */
  get size(): number {
    return this.known.size;
  }

  /**
   * The pseudonym of a valid code (trimmed, any case), or its masked form; '' stays ''.
   * Both rules take the same codes: 16 characters with the right check character, or
   * 11 digits with the partita IVA check digit (a company, or a worker's provisional
   * codice fiscale, which is computed the same way).
   */
  token(raw: string, _rule: IdentifierRule): string {
    if (raw === '') return '';
    // Most codes come upper-cased: looked up as they are, they need no new string.
    let pseudonym = this.known.get(raw);
    const cf = pseudonym === undefined ? raw.toUpperCase() : raw;
    if (pseudonym === undefined && cf !== raw) pseudonym = this.known.get(cf);
    if (pseudonym === undefined) {
      pseudonym = (cf.length === 16 ? isCodiceFiscale(cf) : isPartitaIva(cf)) ? this.hmac(cf) : INVALID;
      if (this.known.size >= this.limit) this.known.clear();
      this.known.set(cf, pseudonym);
    }
    if (pseudonym === INVALID) return maskedValue(cf.length);
    return pseudonym;
  }

  /**
   * What a worker's valid code (one token() did not mask) says against its row, as
   * the findings' codes joined by spaces ('' for none): only these codes leave here.
   */
  workerFindings(raw: string, sesso: string, dataNascita: string): string {
    return workerCodeFindings(raw.trim().toUpperCase(), sesso, dataNascita, this.birthPlaces).join(' ');
  }

  /**
   * HMAC-SHA-256 as RFC 2104 defines it, H(opad || H(ipad || m)), with two one-shot
   * hashes over buffers made once: half the time of createHmac, which builds a keyed
   * object for every code (measured 2.6 against 4.9 µs a code; it is most of the time
   * of a month's copy, whose workers and employers are new to the process).
   * The first 16 bytes in hex: a string of its own (slicing a 64-character one would keep it all alive).
   */
  private hmac(message: string): string {
    // only checked codes and the fingerprint's label come here; a longer message would be cut
    if (Buffer.byteLength(message, 'utf8') > MESSAGE_ROOM) throw new Error('PseudonymCache: message too long to hash');
    const input = this.inner.subarray(0, 64 + this.inner.write(message, 64, 'utf8'));
    hash('sha256', input, 'buffer').copy(this.outer, 64);
    return hash('sha256', this.outer, 'buffer').subarray(0, 16).toString('hex');
  }
}
