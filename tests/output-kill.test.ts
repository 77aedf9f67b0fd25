import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCo } from '../src/generate/generateCo.js';
import { Prng } from '../src/generate/prng.js';
import { isCompleteOutput } from '../src/output/outputFolder.js';
import { projectRoot } from '../src/runtime/paths.js';
import { TEST_KEY } from './helpers.js';

/**
 * Kills (SIGKILL) during report and crisis-basins, at random moments, half of them in
 * the writing phase: every time, the output folder is the complete old one or the
 * complete new one (or, between the two renames of the swap, the new one is complete
 * beside it and the next command puts it in place). Kills during run leave private
 * copies of the extract, raw codici fiscali included, which the next command removes.
 */
const bin = path.join(projectRoot, 'bin', 'co-pipeline.js');
const env = { ...process.env, CO_PSEUDONYM_KEY: TEST_KEY };
let dir: string;
let db: string;
let inbox: string;

interface Spawned {
  code: number | null;
  signal: string | null;
  ms: number;
  writingAt?: number;
}

/** Runs the CLI; kills it `killAfter` ms after the start (or after the writing phase begins, with `inWriting`). */
function spawnCli(
  args: string[],
  options: { killAfter?: number; inWriting?: boolean; writing?: string; extraEnv?: NodeJS.ProcessEnv } = {},
): Promise<Spawned> {
  const started = Date.now();
  const child = spawn(process.execPath, [bin, '--db', db, '--log-level', 'debug', ...args], {
    env: { ...env, ...options.extraEnv },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let writingAt: number | undefined;
  let stderr = '';
  const kill = (ms: number) => setTimeout(() => child.kill('SIGKILL'), ms);
  if (options.killAfter !== undefined && !options.inWriting) kill(options.killAfter);
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += String(chunk);
    if (writingAt === undefined && options.writing && stderr.includes(options.writing)) {
      writingAt = Date.now() - started;
      if (options.killAfter !== undefined && options.inWriting) kill(options.killAfter);
    }
  });
  return new Promise((resolve) =>
    child.on('exit', (code, signal) =>
      resolve({ code, signal, ms: Date.now() - started, ...(writingAt !== undefined ? { writingAt } : {}) }),
    ),
  );
}

/** complete: the folder at the target is whole; between renames: absent, with a complete folder beside it. */
function folderState(target: string): 'complete' | 'between renames' | 'partial' | 'missing' {
  if (existsSync(target)) return isCompleteOutput(target) ? 'complete' : 'partial';
  const beside = readdirSync(path.dirname(target)).filter((f) => f.startsWith(`${path.basename(target)}.`));
  return beside.some((f) => isCompleteOutput(path.join(path.dirname(target), f))) ? 'between renames' : 'missing';
}

async function killTrials(
  args: string[],
  target: string,
  writing: string,
  trials: number,
): Promise<{ killed: number; states: string[] }> {
  // the faster of two whole runs, so that a kill drawn within it falls inside a run even
  // when the machine's load or Chromium's start (report.pdf) makes some runs slower
  const runs = [await spawnCli(args, { writing }), await spawnCli(args, { writing })];
  for (const r of runs) {
    expect(r.code).toBe(0);
    expect(r.writingAt).toBeDefined();
  }
  const whole = Math.min(...runs.map((r) => r.ms));
  const writingPhase = Math.min(...runs.map((r) => r.ms - r.writingAt!));
  const prng = new Prng('kill-report');
  const random = () => prng.next();
  const states: string[] = [];
  let killed = 0;
  for (let i = 0; i < trials; i++) {
    const inWriting = i % 2 === 1;
    const span = inWriting ? writingPhase : whole;
    const result = await spawnCli(args, { killAfter: Math.floor(random() * span * 0.9), inWriting, writing });
    if (result.signal === 'SIGKILL') killed++;
    else expect(result.code).toBe(0);
    states.push(folderState(target));
  }
  // the next command puts the folder back in place and leaves nothing beside it
  expect((await spawnCli(args)).code).toBe(0);
  expect(isCompleteOutput(target)).toBe(true);
  expect(readdirSync(path.dirname(target)).filter((f) => f.startsWith(`${path.basename(target)}.`))).toEqual([]);
  return { killed, states };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'co-test-kill-'));
  db = path.join(dir, 'co.duckdb');
  inbox = path.join(dir, 'inbox');
  generateCo({ workers: 300, from: '2025-01', to: '2025-06', seed: 'kill', out: inbox, identifiers: 'cf' });
  const files = readdirSync(inbox)
    .filter((f) => f.startsWith('co_'))
    .map((f) => path.join(inbox, f));
  expect((await spawnCli(['ingest', 'co', ...files])).code).toBe(0);
  expect((await spawnCli(['build'])).code).toBe(0);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a kill at any moment leaves a complete output folder', () => {
  it('report semiannual: 20 kills', async () => {
    const target = path.join(dir, 'report');
    // --min-cell 1: the same folder of files, without the disclosure audit's seconds of solving (20 runs)
    const { killed, states } = await killTrials(
      ['report', 'semiannual', '--semester', '2025-H1', '--min-cell', '1', '--out', target],
      target,
      'ORIM tables audited',
      20,
    );
    expect(states.filter((s) => s === 'partial' || s === 'missing')).toEqual([]);
    expect(killed).toBeGreaterThanOrEqual(15);
  }, 600_000);

  it('crisis-basins: 20 kills', async () => {
    const target = path.join(dir, 'basins');
    const { killed, states } = await killTrials(
      ['crisis-basins', '--as-of', '2025-06-30', '--out', target],
      target,
      'crisis basins decided: writing the folder',
      20,
    );
    expect(states.filter((s) => s === 'partial' || s === 'missing')).toEqual([]);
    expect(killed).toBeGreaterThanOrEqual(15);
  }, 600_000);
});

/** Every file under a folder whose bytes hold a codice fiscale of the extract. */
function filesWithCodes(root: string, codes: string[]): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (statSync(full).isFile()) {
        const text = readFileSync(full, 'latin1');
        if (codes.some((c) => text.includes(c))) found.push(full);
      }
    }
  };
  walk(root);
  return found;
}

describe('a kill during run leaves no raw codice fiscale behind once the next command has run', () => {
  it('five kills during the ingest of run, each followed by status', async () => {
    const temp = path.join(dir, 'tmp');
    // extracts large enough that their copies are there for seconds
    const bigInbox = path.join(dir, 'big-inbox');
    const { files } = generateCo({
      workers: 20_000,
      from: '2025-01',
      to: '2025-06',
      seed: 'kill-run',
      out: bigInbox,
      identifiers: 'cf',
    });
    const codes = [
      ...new Set(
        files
          .flatMap((f) => readFileSync(f, 'utf8').split('\n').slice(1, 300))
          .map((l) => /[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z]/.exec(l)?.[0])
          .filter((c): c is string => Boolean(c)),
      ),
    ];
    expect(codes.length).toBeGreaterThan(1000);
    const prng = new Prng('kill-run');
    const random = () => prng.next();
    let leftBehind = 0;
    for (let i = 0; i < 5; i++) {
      rmSync(temp, { recursive: true, force: true });
      const trialDb = path.join(dir, `run-${i}.duckdb`);
      const args = ['--db', trialDb, 'run', '--inbox', bigInbox, '--out', path.join(dir, `out-${i}`)];
      mkdirSync(temp);
      // killed while a file loads (its copy, and the next file's, are written by then)
      const result = await spawnCli(args, {
        killAfter: Math.floor(random() * 300),
        inWriting: true,
        writing: 'transaction open',
        extraEnv: { TMPDIR: temp },
      });
      // the copies hold pseudonyms, but a malformed line is kept as it came (bad.csv)
      if (result.signal === 'SIGKILL' && readdirSync(temp).length) leftBehind++;
      expect((await spawnCli(['--db', trialDb, 'status'], { extraEnv: { TMPDIR: temp } })).code).toBe(0);
      expect(readdirSync(temp)).toEqual([]);
      expect(filesWithCodes(temp, codes)).toEqual([]);
    }
    // the trials did catch runs with their private copies written, so the cleanup was tested
    expect(leftBehind).toBeGreaterThanOrEqual(3);
  }, 600_000);
});
