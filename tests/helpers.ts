import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach } from 'vitest';
import pino from 'pino';
import { main, type MainDeps } from '../src/cli.js';
import { openPipelineDb } from '../src/commands/support/openPipelineDb.js';
import { openDatabase } from '../src/db/openDatabase.js';
import type { Database } from '../src/db/Database.js';

/** A test-only pseudonym key (never used outside tests). */
export const TEST_KEY = 'test-key-0123456789-abcdefghij';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A fresh temporary directory, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'co-test-'));
  dirs.push(dir);
  return dir;
}

/** The CO columns, in contract order. */
export const header = [
  'codice_comunicazione',
  'tipo_comunicazione',
  'codice_comunicazione_prec',
  'tipo_evento',
  'data_invio',
  'lavoratore_cf',
  'sesso',
  'data_nascita',
  'cittadinanza',
  'titolo_soggiorno',
  'motivo_permesso',
  'scadenza_permesso',
  'datore_cf',
  'datore_ateco',
  'sede_comune',
  'data_inizio',
  'data_fine',
  'data_evento',
  'tipo_contratto',
  'codice_trasformazione',
  'motivo_cessazione',
  'tipo_orario',
  'qualifica',
];

export type CoRow = Record<string, string>;

/** A valid fixed-term hire of an Italian worker in Milano; override any column. */
export function coRow(overrides: CoRow = {}): CoRow {
  return {
    codice_comunicazione: 'C0001',
    tipo_comunicazione: 'ORD',
    codice_comunicazione_prec: '',
    tipo_evento: 'ASS',
    data_invio: '2024-03-01',
    lavoratore_cf: 'RSSMRA85T10A562S',
    sesso: 'M',
    data_nascita: '1985-12-10',
    cittadinanza: '000',
    titolo_soggiorno: '',
    motivo_permesso: '',
    scadenza_permesso: '',
    datore_cf: '01234567897',
    datore_ateco: '56.10.11',
    sede_comune: '015146',
    data_inizio: '2024-03-04',
    data_fine: '2024-09-30',
    data_evento: '2024-03-04',
    tipo_contratto: 'A.02.00',
    codice_trasformazione: '',
    motivo_cessazione: '',
    tipo_orario: 'F',
    qualifica: '5.2.2.1.0.0',
    ...overrides,
  };
}

/** CSV text for rows, with the given columns (default: the contract's), delimiter and line end. */
export function coCsv(rows: CoRow[], options: { columns?: string[]; delimiter?: string; eol?: string } = {}): string {
  const columns = options.columns ?? header;
  const d = options.delimiter ?? ';';
  const eol = options.eol ?? '\n';
  const quote = (v: string) => (/[";,\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return (
    [columns.join(d), ...rows.map((r) => columns.map((c) => quote(r[c.toLowerCase()] ?? '')).join(d))].join(eol) + eol
  );
}

export function writeFile(dir: string, name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** The pino JSON lines the run logged. */
  logs: Record<string, unknown>[];
  logText: string;
}

/**
 * Runs the CLI in-process with captured stdout, stderr and logs. The config file
 * is looked for in an empty folder (unless more.cwd says where), so one left in
 * the checkout does not change the tests; more.now pins the commands' clock. The
 * environment is `env` and the test run's CHROMIUM_PATH, unless env sets its own.
 */
export async function runCli(
  args: string[],
  env: NodeJS.ProcessEnv = { CO_PSEUDONYM_KEY: TEST_KEY },
  more: Pick<MainDeps, 'cwd' | 'openDb' | 'now' | 'files'> = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  let logText = '';
  const sink = (write: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, done) {
        write(String(chunk));
        done();
      },
    });
  const logger = pino(
    { level: 'debug' },
    sink((s) => (logText += s)),
  );
  const code = await main(['node', 'co-pipeline', ...args], {
    stdout: sink((s) => (stdout += s)),
    stderr: sink((s) => (stderr += s)),
    // the tests' Chromium is the command's (CHROMIUM_PATH=/nonexistent runs them all without a PDF)
    env: { ...(process.env.CHROMIUM_PATH ? { CHROMIUM_PATH: process.env.CHROMIUM_PATH } : {}), ...env },
    logger,
    cwd: more.cwd ?? tempDir(),
    openDb: more.openDb,
    ...(more.now ? { now: more.now } : {}),
    ...(more.files ? { files: more.files } : {}),
  });
  const logs = logText
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code, stdout, stderr, logs, logText };
}

/** An openDb for runCli that records each database a command opens: path, reference folder and DuckDB's memory_limit once open. */
export function watchOpens() {
  const opened: { db: string; referenceDir?: string; memory: unknown }[] = [];
  const openDb: typeof openPipelineDb = async (db, referenceDir, options) => {
    const handle = await openPipelineDb(db, referenceDir, options);
    opened.push({ db, referenceDir, memory: (await handle.one("SELECT current_setting('memory_limit') AS m"))!.m });
    return handle;
  };
  return { opened, openDb };
}

/** Ingests CSV files into a database with --json and returns the per-file summaries. */
export async function ingest(db: string, files: string[], extra: string[] = [], env?: NodeJS.ProcessEnv) {
  const run = await runCli(['--db', db, 'ingest', 'co', '--json', ...extra, ...files], env);
  const results = run.stdout ? (JSON.parse(run.stdout) as { files: Record<string, any>[] }).files : [];
  return { ...run, results };
}

/** Runs a query against a database file (opened and closed around it). */
export async function query<T = Record<string, unknown>>(dbPath: string, sql: string): Promise<T[]> {
  const db: Database = await openDatabase(dbPath);
  try {
    return (await db.all(sql)) as T[];
  } finally {
    db.close();
  }
}

export const readText = (file: string) => readFileSync(file, 'utf8');

/** Creates a database with the schema and no data at a path (status and the other readers refuse a missing one). */
export async function emptyDatabase(file: string): Promise<string> {
  (await openDatabase(file)).close();
  return file;
}
