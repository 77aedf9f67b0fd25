import { createHmac } from 'node:crypto';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { openPipelineDb } from '../src/commands/support/openPipelineDb.js';
import { ingestCoFile } from '../src/ingest/ingestCoFile.js';
import { maskedValue } from '../src/ingest/codiceFiscale.js';
import { PseudonymCache } from '../src/ingest/pseudonymCache.js';
import { hmacPads, loadPseudonymKey } from '../src/ingest/pseudonymKey.js';
import { coCsv, coRow, ingest, query, tempDir, TEST_KEY, writeFile } from './helpers.js';

const logger = pino({ level: 'silent' });
const hmac = (key: string, value: string) => createHmac('sha256', key).update(value).digest('hex').slice(0, 32);
const cache = (limit?: number) => new PseudonymCache(hmacPads(Buffer.from(TEST_KEY)), limit);

describe('pseudonyms: each codice fiscale checked and hashed once per command, before DuckDB sees it', () => {
  it('is the HMAC-SHA-256 of the upper-cased code under the key, truncated to 128 bits', () => {
    const c = cache();
    expect(c.token('rssmra85t10a562s', 'person')).toBe(hmac(TEST_KEY, 'RSSMRA85T10A562S'));
    expect(c.token('01234567897', 'person-or-company')).toBe(hmac(TEST_KEY, '01234567897'));
    expect(c.token('', 'person')).toBe('');
  });

  it('takes a key of 16 to 64 bytes, as the pads of the HMAC, and refuses a shorter or a longer one (exit 2)', () => {
    const keyOf = (bytes: number) => loadPseudonymKey(undefined, { CO_PSEUDONYM_KEY: 'k'.repeat(bytes) });
    for (const bytes of [16, 64]) {
      // the key is its own pads: no hashing first, which RFC 2104 gives a key over 64 bytes
      const c = new PseudonymCache(keyOf(bytes)!);
      expect(c.token('RSSMRA85T10A562S', 'person')).toBe(hmac('k'.repeat(bytes), 'RSSMRA85T10A562S'));
    }
    expect(() => keyOf(15)).toThrow(
      expect.objectContaining({ message: expect.stringContaining('shorter than 16 bytes'), exitCode: 2 }),
    );
    expect(() => keyOf(65)).toThrow(
      expect.objectContaining({ message: expect.stringContaining('longer than 64 bytes'), exitCode: 2 }),
    );
  });

  it('masks a code with a wrong check character or digit', () => {
    const c = cache();
    expect(c.token('BNCGVN80A41F205X', 'person')).toBe(maskedValue(16)); // the check character is Q
    expect(c.token('01234567890', 'person-or-company')).toBe(maskedValue(11)); // the check digit is 7
    expect(c.token('01234567890', 'person')).toBe(maskedValue(11)); // a provisional code, same check digit
    expect(c.token('RSSMRA85', 'person')).toBe(maskedValue(8));
  });

  it("takes a worker's 11-digit provisional codice fiscale with a right check digit, under the same HMAC", () => {
    const c = cache();
    // 0123456789 -> odd places 0+2+4+6+8 = 20, even places doubled 2,6,10-9=1,14-9=5,18-9=9 = 23; 43 -> check 7.
    expect(c.token('01234567897', 'person')).toBe(hmac(TEST_KEY, '01234567897'));
    expect(c.workerFindings('01234567897', 'M', '1990-01-01')).toBe('provvisorio');
  });

  it('starts again once it holds its limit of values, with the same pseudonyms', () => {
    const c = cache(2);
    const first = c.token('RSSMRA85T10A562S', 'person');
    c.token('01234567897', 'person-or-company');
    expect(c.size).toBe(2);
    c.token('MRTMTT91D08F205J', 'person'); // a third value: the cache starts again
    expect(c.size).toBe(1);
    expect(c.token('RSSMRA85T10A562S', 'person')).toBe(first);
  });

  it('identifies its key by a fingerprint that is neither the key nor any pseudonym of it', () => {
    const a = cache();
    const b = new PseudonymCache(hmacPads(Buffer.from('another-key-0123456789-xyz')));
    expect(a.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(a.fingerprint).not.toBe(b.fingerprint);
    expect(a.fingerprint).toBe(cache().fingerprint);
    expect(TEST_KEY).not.toContain(a.fingerprint);
  });

  it('gives a codice fiscale met in an earlier file of the command the same pseudonym and the same check', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'co.duckdb');
    const wrong = 'BNCGVN80A41F205X'; // wrong check character
    const first = writeFile(
      dir,
      'a.csv',
      coCsv([coRow({ codice_comunicazione: 'A1' }), coRow({ codice_comunicazione: 'A2', lavoratore_cf: wrong })]),
    );
    const second = writeFile(
      dir,
      'b.csv',
      coCsv([
        coRow({ codice_comunicazione: 'B1' }), // met in a.csv: from the cache
        coRow({ codice_comunicazione: 'B2', lavoratore_cf: wrong }), // met in a.csv, wrong: rejected again
        coRow({ codice_comunicazione: 'B3', lavoratore_cf: 'MRTMTT91D08F205J' }), // new in b.csv
      ]),
    );
    const run = await ingest(db, [first, second]);
    expect(run.results.map((r) => [r.rows_loaded, r.rows_rejected])).toEqual([
      [1, 1],
      [2, 1],
    ]);
    expect(await query(db, 'SELECT codice_comunicazione AS c, lavoratore_id FROM co_comunicazioni ORDER BY 1')).toEqual(
      [
        { c: 'A1', lavoratore_id: hmac(TEST_KEY, 'RSSMRA85T10A562S') },
        { c: 'B1', lavoratore_id: hmac(TEST_KEY, 'RSSMRA85T10A562S') },
        { c: 'B3', lavoratore_id: hmac(TEST_KEY, 'MRTMTT91D08F205J') },
      ],
    );
    expect(
      await query(
        db,
        "SELECT file_name, line::INTEGER AS line FROM rejects WHERE reason_code = 'invalid_codice_fiscale' ORDER BY 1",
      ),
    ).toEqual([
      { file_name: 'a.csv', line: 3 },
      { file_name: 'b.csv', line: 3 },
    ]);
  });

  it('goes on with the next files when one of them cannot be read', async () => {
    const dir = tempDir();
    const db = await openPipelineDb(path.join(dir, 'co.duckdb'));
    try {
      const pseudonyms = cache();
      const now = () => new Date();
      expect(await ingestCoFile(db, path.join(dir, 'gone.csv'), { logger, pseudonyms, now })).toMatchObject({
        status: 'failed',
      });
      const good = writeFile(dir, 'good.csv', coCsv([coRow()]));
      expect(await ingestCoFile(db, good, { logger, pseudonyms, now })).toMatchObject({
        status: 'loaded',
        rows_loaded: 1,
      });
    } finally {
      db.close();
    }
  });
});
