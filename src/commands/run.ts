import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { UserError } from '../errors.js';
import { describeSystemError } from '../systemError.js';
import { detectKind } from '../ingest/detectKind.js';
import { copyPlannerOf, ingestKind } from '../ingest/fileKinds.js';
import { refuseOtherKey } from '../ingest/keyFingerprint.js';
import { PseudonymCache } from '../ingest/pseudonymCache.js';
import { loadBirthPlaces } from '../ingest/workerCode.js';
import type { IngestResult } from '../ingest/IngestResult.js';
import { loadedHashes, ReadAhead } from '../ingest/prepareFile.js';
import { loadPseudonymKey } from '../ingest/pseudonymKey.js';
import { writeCrisisBasins } from '../reports/writeCrisisBasins.js';
import { writeSemiannualReport } from '../reports/writeSemiannualReport.js';
import { latestCoveredSemester } from '../reports/semiannual/semesters.js';
import type { Database } from '../db/Database.js';
import { publishSnapshot } from '../db/publishSnapshot.js';
import { snapshotPath } from '../db/snapshotPath.js';
import { ensureBuilt } from '../transform/ensureBuilt.js';
import { openWithWait } from './openWithWait.js';
import { defaultAsOf } from './defaultAsOf.js';
import { isoDateOption, parseOptions } from './parseOptions.js';
import type { Deps, GlobalOptions } from './context.js';

export const RunOptions = z.object({
  inbox: z.string().min(1, '--inbox DIR is required'),
  out: z.string().min(1, '--out DIR is required'),
  asOf: isoDateOption.optional(),
  waitSeconds: z.coerce.number().int().min(0).max(86_400).default(0),
  lookbackMonths: z.coerce.number().int().min(1).max(120).default(12),
  minCell: z.coerce.number().int().min(1).max(1000).default(5),
});
export type RunOptions = z.input<typeof RunOptions> & GlobalOptions;

/**
 * `run`: the monthly job. Ingests every new extract of the inbox (kind from the
 * header; files already loaded are skipped), builds, writes the crisis basins for
 * the as-of date and, when a semester has just closed, its semi-annual report, and
 * ends with one JSON summary line on stdout. Every step is
 * one pino line with its duration. Safe to re-run after a crash: each file, the
 * build and each output directory are all-or-nothing.
 */
export async function run(options: RunOptions, deps: Deps): Promise<number> {
  const o = parseOptions('run', RunOptions, options);
  const snapshot = snapshotPath(options.db, options.snapshot);
  const started = Date.now();
  const step = async <T>(name: string, work: () => Promise<T>, fields: (r: T) => object = () => ({})): Promise<T> => {
    const t0 = Date.now();
    const result = await work();
    deps.logger.info({ step: name, ms: Date.now() - t0, ...fields(result) }, `run: ${name}`);
    return result;
  };
  let files: string[];
  try {
    files = readdirSync(o.inbox).filter((f) => f.toLowerCase().endsWith('.csv')).sort().map((f) => path.join(o.inbox, f));
  } catch {
    throw new UserError(`run: cannot read the inbox ${o.inbox}. Check the path.`, 2);
  }
  const key = loadPseudonymKey(options.keyFile, deps.env);
  // Workers' codes are checked against the birth places of the reference tables, a user's included.
  const pseudonyms = key
    ? new PseudonymCache(key, undefined, loadBirthPlaces(options.referenceDir))
    : undefined;
  const db = await openWithWait(() => deps.openDb(options.db, options.referenceDir), options.db, o.waitSeconds, deps.logger);
  const summary: Record<string, unknown> = { inbox: o.inbox, out: o.out };
  let failed = false;
  // A full disk is said in the summary (which disk, what to do) like any failed step, not as a bug.
  const places = { database: options.db, output: o.out };
  try {
    const results: (IngestResult & { kind: string | null })[] = [];
    if (pseudonyms) await refuseOtherKey(db, pseudonyms.fingerprint);
    const kinds = new Map(files.map((f) => [f, detectKind(f)]));
    // The next file is hashed and copied while this one loads (see ReadAhead); its
    // header is checked before anything is copied.
    const readAhead = new ReadAhead({ loaded: await loadedHashes(db) }, (f) => {
      const kind = kinds.get(f);
      return kind && copyPlannerOf(kind, f, pseudonyms);
    });
    try {
      for (const [i, file] of files.entries()) {
        const kind = kinds.get(file);
        readAhead.startAt(files, i);
        const common = { logger: deps.logger, readAhead, pseudonyms, now: deps.now };
        const result = !kind
          ? { file, kind: null, sha256: null, status: 'failed' as const, batch_id: null, rows_read: 0, rows_loaded: 0, rows_rejected: 0,
              rows_repeated: 0, rows_conflicting: 0, warnings: [], error: `${file}: not a CO, INPS, ISTAT or Excelsior extract (header not recognised)` }
          : { kind, ...(await step(`ingest ${kind}`, () => ingestKind(db, file, kind, common),
            (r) => ({ file, status: r.status, rows_read: r.rows_read, rows_loaded: r.rows_loaded, rows_rejected: r.rows_rejected }))) };
        if (result.status === 'failed') failed = true;
        const { exitCode: _omit, ...printable } = result as IngestResult & { kind: string | null };
        results.push(printable);
      }
    } finally {
      await readAhead.dispose();
    }
    summary.files = results.map((r) => ({ file: r.file, kind: r.kind, status: r.status, rows_loaded: r.rows_loaded, rows_rejected: r.rows_rejected, error: r.error }));
    try {
      const rows = await step('build', () => ensureBuilt(db, deps.logger), (r) => ({ rows: r ?? 'up to date' }));
      summary.build = rows ?? 'up to date';
    } catch (error) {
      const failure = describeSystemError(error, places) ?? (error instanceof UserError ? error : undefined);
      if (!failure) throw error;
      failed = true;
      summary.build = { failed: failure.message };
      deps.logger.error({ step: 'build' }, failure.message);
    }
    // why the outputs are not written, when they are not
    let skipped: string | undefined;
    try {
      if (summary.build && typeof summary.build === 'object' && 'failed' in (summary.build as object)) {
        summary.crisis_basins = skipped = 'skipped: the build failed';
      } else {
        const asOf = o.asOf ?? (await defaultAsOf(db));
        if (!asOf) {
          summary.crisis_basins = skipped = 'skipped: no communications loaded';
        } else {
          const out = path.join(o.out, `bacini-crisi-${asOf}`);
          const basins = await step('crisis basins', () => writeCrisisBasins(db, { asOf, lookbackMonths: o.lookbackMonths, minCell: o.minCell, out, logger: deps.logger }),
            (r) => ({ as_of: asOf, ...r }));
          summary.crisis_basins = { as_of: asOf, dir: out, ...basins };
        }
      }
      summary.semiannual_report = skipped ?? await semiannualReport(db, o, deps, step);
    } catch (error) {
      const failure = describeSystemError(error, places);
      if (!failure) throw error;
      failed = true;
      const basinsFailed = summary.crisis_basins === undefined;
      deps.logger.error({ step: basinsFailed ? 'crisis basins' : 'semiannual report' }, failure.message);
      if (basinsFailed) summary.crisis_basins = { failed: failure.message };
      summary.semiannual_report = basinsFailed ? 'skipped: the crisis basins failed' : { failed: failure.message };
    }
    // Last, so analysts get everything this run loaded and built; it never fails the run (publishSnapshot).
    if (snapshot) summary.snapshot = await step('snapshot', () => publishSnapshot(db, snapshot, deps.logger), (r) => r);
  } finally {
    db.close();
  }
  const exitCode = failed ? 1 : 0;
  deps.stdout.write(`${JSON.stringify({ ...summary, exit_code: exitCode, seconds: (Date.now() - started) / 1000 })}\n`);
  return exitCode;
}

/**
 * The semi-annual report of the latest semester the data cover, once: when a semester
 * has just closed (the data hold each of its months in normal volume, see
 * semesterCoverage: a stray later communication does not close one) and its report
 * is not in the output directory yet. A later run leaves it alone, so a report already forwarded does
 * not change under its readers; delete the directory to have it written again.
 */
async function semiannualReport(
  db: Database, o: { out: string; minCell: number }, deps: Deps,
  step: <T>(name: string, work: () => Promise<T>, fields?: (r: T) => object) => Promise<T>,
): Promise<unknown> {
  const semester = await latestCoveredSemester(db);
  if (!semester) return 'skipped: no semester covered by the data yet (each of its months in normal volume)';
  const out = path.join(o.out, `rapporto-semestrale-${semester.semestre}`);
  if (existsSync(path.join(out, 'report.html'))) return { semestre: semester.semestre, dir: out, status: 'already written' };
  const written = await step('semiannual report', () => writeSemiannualReport(db, {
    semester, minCell: o.minCell, out, logger: deps.logger, today: deps.now().toISOString().slice(0, 10),
  }), (r) => ({ semestre: r.semestre, suppressed: r.suppressed }));
  return { semestre: semester.semestre, dir: out, status: 'written', suppressed: written.suppressed, provisional: written.provisional };
}
