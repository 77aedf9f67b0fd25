import { createHmac } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { openPipelineDb } from '../src/commands/openPipelineDb.js';
import type { Database } from '../src/db/Database.js';
import { ingestCoFile } from '../src/ingest/ingestCoFile.js';
import { prepareFile, type ReadAhead } from '../src/ingest/prepareFile.js';
import { hmacPads } from '../src/ingest/pseudonymKey.js';
import { coCsv, coRow, ingest, query, tempDir, TEST_KEY, writeFile } from './helpers.js';

const logger = pino({ level: 'silent' });
const hmac = (key: string, value: string) => createHmac('sha256', key).update(value).digest('hex').slice(0, 32);
const cacheSize = (db: Database) => db.all('SELECT count(*)::INTEGER AS n FROM temp.co_pseudonym_cache');

/** Runs `work` on a fresh pipeline database in its own folder, one connection, closed afterwards. */
async function withDb(work: (db: Database, dir: string) => Promise<void>): Promise<void> {
  const dir = tempDir();
  const db = await openPipelineDb(path.join(dir, 'co.duckdb'));
  try {
    await work(db, dir);
  } finally {
    db.close();
  }
}

describe('pseudonyms: each codice fiscale checked and hashed once per command', () => {
  it('gives a codice fiscale met in an earlier file of the command the same pseudonym and the same check', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'co.duckdb');
    const wrong = 'BNCGVN80A41F205X'; // wrong check character
    const first = writeFile(dir, 'a.csv', coCsv([coRow({ codice_comunicazione: 'A1' }), coRow({ codice_comunicazione: 'A2', lavoratore_cf: wrong })]));
    const second = writeFile(dir, 'b.csv', coCsv([
      coRow({ codice_comunicazione: 'B1' }), // met in a.csv: from the cache
      coRow({ codice_comunicazione: 'B2', lavoratore_cf: wrong }), // met in a.csv, wrong: rejected again
      coRow({ codice_comunicazione: 'B3', lavoratore_cf: 'MRTMTT91D08F205J' }), // new in b.csv
    ]));
    const run = await ingest(db, [first, second]);
    expect(run.results.map((r) => [r.rows_loaded, r.rows_rejected])).toEqual([[1, 1], [2, 1]]);
    expect(await query(db, 'SELECT codice_comunicazione AS c, lavoratore_id FROM co_comunicazioni ORDER BY 1')).toEqual([
      { c: 'A1', lavoratore_id: hmac(TEST_KEY, 'RSSMRA85T10A562S') },
      { c: 'B1', lavoratore_id: hmac(TEST_KEY, 'RSSMRA85T10A562S') },
      { c: 'B3', lavoratore_id: hmac(TEST_KEY, 'MRTMTT91D08F205J') },
    ]);
    expect(await query(db, "SELECT file_name, line::INTEGER AS line FROM rejects WHERE reason_code = 'invalid_codice_fiscale' ORDER BY 1"))
      .toEqual([{ file_name: 'a.csv', line: 3 }, { file_name: 'b.csv', line: 3 }]);
  });

  it('forgets the cached pseudonyms when the same connection ingests with another key', () => withDb(async (db, dir) => {
    const a = writeFile(dir, 'a.csv', coCsv([coRow({ codice_comunicazione: 'A' })]));
    const b = writeFile(dir, 'b.csv', coCsv([coRow({ codice_comunicazione: 'B' })]));
    const otherKey = 'another-key-0123456789-xyz';
    await ingestCoFile(db, a, { logger, key: hmacPads(Buffer.from(TEST_KEY)) });
    expect(await cacheSize(db)).toEqual([{ n: 2 }]);
    await ingestCoFile(db, b, { logger, key: hmacPads(Buffer.from(otherKey)) });
    expect(await db.all('SELECT codice_comunicazione AS c, lavoratore_id FROM co_comunicazioni ORDER BY 1')).toEqual([
      { c: 'A', lavoratore_id: hmac(TEST_KEY, 'RSSMRA85T10A562S') },
      { c: 'B', lavoratore_id: hmac(otherKey, 'RSSMRA85T10A562S') },
    ]);
  }));

  it('goes on with the next files when pass 1 of a file fails before the cache exists', () => withDb(async (db, dir) => {
    const key = hmacPads(Buffer.from(TEST_KEY));
    // A file with quotes is read in place: removed after it was prepared, pass 1 cannot read it.
    const gone = writeFile(dir, 'gone.csv', coCsv([coRow({ qualifica: '"5.2.2.1.0.0"' })]));
    const prepared = await prepareFile(gone);
    rmSync(gone);
    const readAhead = { take: () => Promise.resolve(prepared) } as unknown as ReadAhead;
    expect(await ingestCoFile(db, gone, { logger, key, readAhead })).toMatchObject({ status: 'failed' });
    const good = writeFile(dir, 'good.csv', coCsv([coRow()]));
    expect(await ingestCoFile(db, good, { logger, key })).toMatchObject({ status: 'loaded', rows_loaded: 1 });
  }));

  it('starts the cache again once it holds more than its limit', () => withDb(async (db, dir) => {
    const key = hmacPads(Buffer.from(TEST_KEY));
    const files = ['A', 'B', 'C'].map((c, i) => writeFile(dir, `${c}.csv`, coCsv([coRow({ codice_comunicazione: c, datore_cf: ['01234567897', '12345678903', '00000000000'][i]! })])));
    await ingestCoFile(db, files[0]!, { logger, key, cacheLimit: 3 });
    expect(await cacheSize(db)).toEqual([{ n: 2 }]); // the worker and the first employer
    await ingestCoFile(db, files[1]!, { logger, key, cacheLimit: 3 });
    expect(await cacheSize(db)).toEqual([{ n: 3 }]); // one more employer: at the limit, kept
    await ingestCoFile(db, files[2]!, { logger, key, cacheLimit: 2 });
    expect(await cacheSize(db)).toEqual([{ n: 2 }]); // over the limit: started again with this file's two
    expect(await db.all('SELECT count(DISTINCT lavoratore_id)::INTEGER AS n FROM co_comunicazioni')).toEqual([{ n: 1 }]);
  }));
});
