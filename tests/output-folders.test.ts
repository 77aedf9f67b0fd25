import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCo } from '../src/generate/generateCo.js';
import { isCompleteOutput, OUTPUT_MARKER } from '../src/output/outputFolder.js';
import { staleSiblings } from '../src/output/staleSiblings.js';
import { query, runCli, TEST_KEY } from './helpers.js';

const env = { CO_PSEUDONYM_KEY: TEST_KEY };
let dir: string;
let db: string;

beforeAll(async () => {
  // one folder for the whole file (tempDir is removed after each test)
  dir = mkdtempSync(path.join(tmpdir(), 'co-test-out-'));
  db = path.join(dir, 'co.duckdb');
  const { files } = generateCo({
    workers: 150,
    from: '2025-01',
    to: '2025-06',
    seed: 'out',
    out: path.join(dir, 'gen'),
    identifiers: 'cf',
  });
  expect((await runCli(['--db', db, 'ingest', 'co', ...files], env)).code).toBe(0);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => runCli(['--db', db, '--log-level', 'warn', ...args], env);

describe('output folders: new, empty, or ours', () => {
  it('refuses --out . (the folder the user is in) and a file, touching neither', async () => {
    const before = readdirSync('.').sort();
    const dot = await cli('crisis-basins', '--out', '.');
    expect(dot.code).toBe(2);
    expect(dot.stderr).toContain('holds the current directory');
    expect(readdirSync('.').sort()).toEqual(before);

    const file = path.join(dir, 'notes.txt');
    writeFileSync(file, 'mine\n');
    for (const args of [
      ['crisis-basins', '--out', file],
      ['report', 'semiannual', '--semester', '2025-H1', '--out', file],
    ]) {
      const run = await cli(...args);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('is a file, not a folder');
      expect(run.stderr).not.toContain('a bug');
    }
    expect(readFileSync(file, 'utf8')).toBe('mine\n');
  });

  it('refuses a folder holding files it did not write, and a folder of another kind', async () => {
    const foreign = path.join(dir, 'foreign');
    mkdirSync(foreign);
    writeFileSync(path.join(foreign, 'thesis.docx'), 'years of work');
    const run = await cli('crisis-basins', '--out', foreign);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('did not write');
    expect(readdirSync(foreign)).toEqual(['thesis.docx']);

    const basins = path.join(dir, 'basins');
    expect((await cli('crisis-basins', '--out', basins)).code).toBe(0);
    const report = await cli('report', 'semiannual', '--semester', '2025-H1', '--out', basins);
    expect(report.code).toBe(2);
    expect(report.stderr).toContain('holds crisis basins, not a semi-annual report');

    // one of ours with a file added by hand: not replaced either
    writeFileSync(path.join(basins, 'my-notes.md'), 'notes');
    const again = await cli('crisis-basins', '--out', basins);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('my-notes.md');
    expect(readFileSync(path.join(basins, 'my-notes.md'), 'utf8')).toBe('notes');
  });

  it('writes into a new or empty folder and replaces its own, whole, with the marker listing every file', async () => {
    const empty = path.join(dir, 'empty');
    mkdirSync(empty);
    expect((await cli('crisis-basins', '--out', empty)).code).toBe(0);
    expect(isCompleteOutput(empty)).toBe(true);
    const marker = JSON.parse(readFileSync(path.join(empty, OUTPUT_MARKER), 'utf8')) as {
      kind: string;
      files: { path: string }[];
    };
    expect(marker.kind).toBe('crisis-basins');
    expect(marker.files.map((f) => f.path)).toEqual(
      readdirSync(empty)
        .filter((f) => f !== OUTPUT_MARKER)
        .sort(),
    );
    expect((await cli('crisis-basins', '--out', empty, '--min-cell', '3')).code).toBe(0);
    expect(isCompleteOutput(empty)).toBe(true);
    expect(readdirSync(dir).filter((f) => /\.(tmp|old)-/.test(f))).toEqual([]);
  });
});

describe('output files: the format the name says, never over a file we did not write', () => {
  it('flags --out f.parquet writes Parquet; a contradicting --format is refused', async () => {
    const parquet = path.join(dir, 'flags.parquet');
    expect((await cli('flags', '--out', parquet)).code).toBe(0);
    expect(readFileSync(parquet).subarray(0, 4).toString()).toBe('PAR1');
    const rows = await query<{ n: string }>(db, `SELECT count(*)::INTEGER AS n FROM read_parquet('${parquet}')`);
    expect(Number(rows[0]!.n)).toBeGreaterThan(0);
    const contradicting = await cli('flags', '--format', 'csv', '--out', path.join(dir, 'f.parquet'));
    expect(contradicting.code).toBe(2);
    expect(contradicting.stderr).toContain('ends in .parquet but --format is csv');
    expect(existsSync(path.join(dir, 'f.parquet'))).toBe(false);
  });

  it('flags over a folder, or over a file of someone else, exits 2 and leaves it; over its own file it writes', async () => {
    const folder = await cli('flags', '--out', dir);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain('is a folder; give a file name');
    const theirs = path.join(dir, 'budget.csv');
    writeFileSync(theirs, 'voce,importo\naffitto,1200\n');
    const over = await cli('flags', '--out', theirs);
    expect(over.code).toBe(2);
    expect(over.stderr).toContain('is not a file that `flags` wrote');
    expect(readFileSync(theirs, 'utf8')).toBe('voce,importo\naffitto,1200\n');
    const ours = path.join(dir, 'flags.csv');
    expect((await cli('flags', '--out', ours)).code).toBe(0);
    expect((await cli('flags', '--out', ours, '--horizon-days', '30')).code).toBe(0);
  });

  it('rejects writes CSV only; ingest of a folder is a usage error in our words', async () => {
    const rejects = await cli('rejects', '--out', path.join(dir, 'r.parquet'));
    expect(rejects.code).toBe(2);
    expect(rejects.stderr).toContain('writes csv only');
    const ingestDir = await cli('ingest', 'co', dir);
    expect(ingestDir.code).toBe(2);
    expect(ingestDir.stdout + ingestDir.stderr).toContain('is a folder, not an extract');
    expect(ingestDir.stdout + ingestDir.stderr).not.toMatch(/EISDIR|a bug/);
  });
});

describe('what a killed write left beside a target (staleSiblings)', () => {
  it('is told by its process, and a temporary a day old is stale whatever has its id; a previous folder is not told by its age', () => {
    const beside = mkdtempSync(path.join(tmpdir(), 'co-test-stale-'));
    try {
      const target = path.join(beside, 'out');
      // the parent of the test process is alive, and not this process; 99999999 is no process
      const name = (suffix: string) => path.join(beside, `out.${suffix}`);
      const twoDaysAgo = (Date.now() - 2 * 86_400_000) / 1000;
      for (const [suffix, old] of [
        [`tmp-${process.ppid}-aaaaaa`, false],
        [`tmp-${process.ppid}-bbbbbb`, true],
        [`tmp-${process.ppid}`, true],
        [`old-${process.ppid}`, true],
        ['tmp-99999999-cccccc', false],
        ['old-99999999', false],
      ] as const) {
        mkdirSync(name(suffix));
        if (old) utimesSync(name(suffix), twoDaysAgo, twoDaysAgo);
      }
      expect(
        staleSiblings(target)
          .map((s) => [path.basename(s.path), s.role])
          .sort(),
      ).toEqual([
        ['out.old-99999999', 'old'],
        [`out.tmp-${process.ppid}`, 'tmp'],
        [`out.tmp-${process.ppid}-bbbbbb`, 'tmp'],
        ['out.tmp-99999999-cccccc', 'tmp'],
      ]);
    } finally {
      rmSync(beside, { recursive: true, force: true });
    }
  });
});
