import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { disposePrepared, prepareFile, ReadAhead, readPlan } from '../src/ingest/prepareFile.js';
import { coCsv, coRow, readText, tempDir, writeFile } from './helpers.js';

describe('prepareFile and ReadAhead: the work before the database', () => {
  it('hashes a file already loaded without copying it, and copies it later if it must be read after all', async () => {
    const dir = tempDir();
    const file = writeFile(dir, 'a.csv', coCsv([coRow()]));
    const first = await prepareFile(file);
    expect(first.plan).toMatchObject({ numbered: true, padded: false, encoding: 'utf-8' });
    expect(readText(first.plan!.readPath).split('\n')[1]).toMatch(/^2;C0001;/);
    disposePrepared(first);
    expect(existsSync(first.plan!.readPath)).toBe(false);

    const known = await prepareFile(file, { loaded: new Set([first.facts!.sha256]) });
    expect(known.facts!.sha256).toBe(first.facts!.sha256);
    expect(known.plan).toBeUndefined();
    expect(known.tempDir).toBeUndefined();
    expect(await readPlan(known)).toMatchObject({ numbered: true });
    expect(existsSync(known.plan!.readPath)).toBe(true);
    disposePrepared(known);
  });

  it('keeps a problem for the file\'s turn instead of throwing', async () => {
    const dir = tempDir();
    const missing = await prepareFile(`${dir}/none.csv`);
    expect(missing.facts).toBeUndefined();
    expect(String(missing.error)).toContain('file not found or not readable');
    const empty = await prepareFile(writeFile(dir, 'empty.csv', ''));
    expect(empty.facts?.sizeBytes).toBe(0);
    await expect(readPlan(empty)).rejects.toThrow('the file is empty');
  });

  it('removes the copies of files prepared ahead but never taken', async () => {
    const dir = tempDir();
    const readAhead = new ReadAhead({});
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

  it('prepares a file and the one after it, and only the files it accepts', async () => {
    const dir = tempDir();
    const files = ['a.csv', 'b.csv', 'c.csv'].map((n) => writeFile(dir, n, coCsv([coRow()])));
    const readAhead = new ReadAhead({}, (f) => !f.endsWith('b.csv'));
    readAhead.startAt(files, 0);
    expect(readAhead.take(files[1]!)).toBeUndefined(); // not accepted
    readAhead.startAt(files, 1);
    expect(readAhead.take(files[1]!)).toBeUndefined();
    expect((await readAhead.dispose()).map((p) => p.file).sort()).toEqual([files[0], files[2]]);
  });
});
