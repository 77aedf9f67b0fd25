import path from 'node:path';
import { coCsv, header, ingest, readText, runCli, tempDir, writeFile, type CoRow } from './helpers.js';

/** Columns of a scenario extract: upstream identifiers, so that outputs are readable. */
export const scenarioColumns = header.map((c) =>
  c === 'lavoratore_cf' ? 'lavoratore_id' : c === 'datore_cf' ? 'datore_id' : c,
);

let sequence = 0;

/** A Moroccan worker with a work permit; override anything. */
export function worker(id: string, overrides: CoRow = {}): CoRow {
  return {
    lavoratore_id: id,
    sesso: 'M',
    data_nascita: '1990-05-01',
    cittadinanza: '436',
    titolo_soggiorno: '1',
    motivo_permesso: 'LAVOR',
    scadenza_permesso: '2026-12-31',
    ...overrides,
  };
}

/** A communication of a worker's rapporto: defaults to a fixed-term hire in Milano, in a restaurant. */
export function comm(who: CoRow, event: CoRow): CoRow {
  const start = event.data_inizio ?? '2025-01-01';
  return {
    codice_comunicazione: `S${String(++sequence).padStart(5, '0')}`,
    tipo_comunicazione: 'ORD',
    tipo_evento: 'ASS',
    data_invio: start,
    datore_id: 'DAT1',
    datore_ateco: '56.10.11',
    sede_comune: '015146',
    data_inizio: start,
    data_evento: event.data_evento ?? start,
    tipo_contratto: 'A.02.00',
    tipo_orario: 'F',
    qualifica: '5.2.2.1.0.0',
    ...who,
    ...event,
  };
}

interface FlagRow {
  lavoratore_id: string;
  flag: string;
  reason: string;
  provincia: string;
  cittadinanza: string;
  fine_rapporto: string;
  scadenza_permesso: string;
  datore_ateco: string;
}

/** Ingests the rows as one CSV extract (end to end) into a new database; every row must load. */
export async function scenarioDb(rows: CoRow[]): Promise<{ dir: string; db: string }> {
  const dir = tempDir();
  const db = path.join(dir, 'co.duckdb');
  const ingested = await ingest(db, [writeFile(dir, 'extract.csv', coCsv(rows, { columns: scenarioColumns }))], [], {});
  if (ingested.code !== 0 || ingested.results[0]!.rows_rejected !== 0) {
    throw new Error(`scenario extract not loaded cleanly: ${ingested.stdout}`);
  }
  return { dir, db };
}

/** Ingests the rows as one CSV extract (end to end) and returns the flag list on asOf. */
export async function flagsFor(rows: CoRow[], asOf: string, extra: string[] = []) {
  const { dir, db } = await scenarioDb(rows);
  const out = path.join(dir, 'flags.csv');
  const run = await runCli(['--db', db, 'flags', '--as-of', asOf, '--out', out, ...extra], {});
  if (run.code !== 0) throw new Error(`flags failed: ${run.stderr}`);
  const [head, ...lines] = readText(out).trim().split('\n');
  const cols = head!.split(',');
  const flags = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])) as unknown as FlagRow);
  return { db, dir, out, flags, stdout: run.stdout };
}

/** A rettifica or annullamento of a communication: its content, as corrected. */
export function correct(original: CoRow, kind: 'RET' | 'ANN', changes: CoRow): CoRow {
  return {
    ...original,
    codice_comunicazione: `S${String(++sequence).padStart(5, '0')}`,
    tipo_comunicazione: kind,
    codice_comunicazione_prec: original.codice_comunicazione!,
    ...changes,
  };
}

/** An Italian worker: no residence permit. */
export const italian = (id: string, overrides: CoRow = {}): CoRow =>
  worker(id, { cittadinanza: '000', titolo_soggiorno: '', motivo_permesso: '', scadenza_permesso: '', ...overrides });

/**
 * The risk indicators' call centre: six Italian workers, Q1..Q6, hired by DAT9 (ATECO
 * 82.20.00, call centre, section N) in Bergamo (016024) from 2025-02-01 to 2025-07-31
 * and dismissed (LI) on `dismissed`, the CES sent that day: six quick exits.
 */
export function callCentreQuits(dismissed: string): CoRow[] {
  const at = {
    datore_id: 'DAT9',
    datore_ateco: '82.20.00',
    sede_comune: '016024',
    data_inizio: '2025-02-01',
    data_fine: '2025-07-31',
  };
  return ['Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q6'].flatMap((q) => [
    comm(italian(q), at),
    comm(italian(q), {
      ...at,
      tipo_evento: 'CES',
      data_evento: dismissed,
      data_invio: dismissed,
      motivo_cessazione: 'LI',
    }),
  ]);
}
