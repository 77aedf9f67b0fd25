import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { copyPlannerOf } from '../src/ingest/fileKinds.js';
import { disposePrepared, prepareFile, readableHeader, ReadAhead, readPlan } from '../src/ingest/prepareFile.js';
import { PseudonymCache } from '../src/ingest/pseudonymCache.js';
import { hmacPads } from '../src/ingest/pseudonymKey.js';
import { coCsv, coRow, readText, tempDir, TEST_KEY, writeFile } from './helpers.js';

const pseudonyms = new PseudonymCache(hmacPads(Buffer.from(TEST_KEY)));
const planner = (file: string) => copyPlannerOf('co', file, pseudonyms);

describe('prepareFile and ReadAhead: the work before the database', () => {
  it('hashes a file already loaded without copying it, and copies it later if it must be read after all', async () => {
    const dir = tempDir();
    const file = writeFile(dir, 'a.csv', coCsv([coRow()]));
    const first = await prepareFile(file, { planner: planner(file) });
    expect(first.plan).toMatchObject({ encoding: 'utf-8', copy: { records: 1, padded: false } });
    expect(readText(first.plan!.readPath).split('\n')[1]).toMatch(/^2;C0001;/);
    expect(readText(first.plan!.readPath)).not.toContain('RSSMRA85T10A562S'); // pseudonymised in the copy
    disposePrepared(first);
    expect(existsSync(first.plan!.readPath)).toBe(false);

    const known = await prepareFile(file, { loaded: new Set([first.facts!.sha256]), planner: planner(file) });
    expect(known.facts!.sha256).toBe(first.facts!.sha256);
    expect(known.plan).toBeUndefined();
    expect(known.tempDir).toBeUndefined();
    const readable = readableHeader(known);
    expect(await readPlan(known, readable, planner(file)(readable.header))).toMatchObject({ copy: { records: 1 } });
    expect(existsSync(known.plan!.readPath)).toBe(true);
    disposePrepared(known);
  });

  it("keeps a problem for the file's turn instead of throwing", async () => {
    const dir = tempDir();
    const missing = await prepareFile(`${dir}/none.csv`);
    expect(missing.facts).toBeUndefined();
    expect(String(missing.error)).toContain('file not found or not readable');
    const empty = await prepareFile(writeFile(dir, 'empty.csv', ''));
    expect(empty.facts?.sizeBytes).toBe(0);
    expect(() => readableHeader(empty)).toThrow('the file is empty');
    const refused = await prepareFile(writeFile(dir, 'nokey.csv', coCsv([coRow()])), {
      planner: copyPlannerOf('co', 'nokey.csv'),
    });
    expect(String(refused.error)).toContain('no pseudonym key');
    expect(refused.tempDir).toBeUndefined(); // refused before anything was copied
  });

  it('removes the copies of files prepared ahead but never taken', async () => {
    const dir = tempDir();
    const readAhead = new ReadAhead({}, planner);
    const [a, b] = ['a.csv', 'b.csv'].map((n) => writeFile(dir, n, coCsv([coRow()])));
    readAhead.start(a!);
    readAhead.start(b!);
    const taken = await readAhead.take(a!);
    expect(readAhead.take(a!)).toBeUndefined();
    const pending = await readAhead.take(b!);
    readAhead.start(b!); // started again: a new preparation, owned by ReadAhead
    const untaken = await readAhead.dispose();
    expect(untaken.map((p) => p.file)).toEqual([b]);
    expect(untaken[0]!.plan!.readPath).not.toBe(pending!.plan!.readPath);
    expect(existsSync(untaken[0]!.plan!.readPath)).toBe(false);
    expect([taken, pending].every((p) => existsSync(p!.plan!.readPath))).toBe(true); // taken: the caller's to remove
    for (const p of [taken!, pending!]) disposePrepared(p);
  });

  it('prepares a file and the one after it, and only the files it has a planner for', async () => {
    const dir = tempDir();
    const files = ['a.csv', 'b.csv', 'c.csv'].map((n) => writeFile(dir, n, coCsv([coRow()])));
    const readAhead = new ReadAhead({}, (f) => (f.endsWith('b.csv') ? undefined : planner(f)));
    readAhead.startAt(files, 0);
    expect(readAhead.take(files[1]!)).toBeUndefined(); // not accepted
    readAhead.startAt(files, 1);
    expect(readAhead.take(files[1]!)).toBeUndefined();
    expect((await readAhead.dispose()).map((p) => p.file).sort()).toEqual([files[0], files[2]]);
  });
});
