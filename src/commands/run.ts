import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { UserError } from '../runtime/errors.js';
import { userFailure } from '../runtime/systemError.js';
import { ingestFiles } from '../ingest/ingestFiles.js';
import { PseudonymCache } from '../ingest/pseudonymCache.js';
import { loadBirthPlaces } from '../ingest/workerCode.js';
import { loadPseudonymKey } from '../ingest/pseudonymKey.js';
import { writeCrisisBasins } from '../reports/crisis/writeCrisisBasins.js';
import { writeSemiannualReport } from '../reports/semiannual/writeSemiannualReport.js';
import { coverage, latestCoveredSemester } from '../marts/report/semesters.js';
import type { Database } from '../db/Database.js';
import { snapshotPath } from '../output/snapshotPath.js';
import { ensureBuilt } from '../transform/ensureBuilt.js';
import { defaultAsOf } from './support/defaultAsOf.js';
import {
  asOfOption,
  authorOption,
  lookbackMonthsOption,
  minCellOption,
  optionDefaults,
  outOption,
} from './support/options.js';
import { findChromium } from '../output/printPdf.js';
import { parseOptions } from './support/parseOptions.js';
import { withDb } from './support/withDb.js';
import type { Deps, GlobalOptions } from './support/context.js';
import { reportDay } from './support/reportDay.js';

export const RunOptions = z.object({
  inbox: z.string().min(1, '--inbox DIR is required'),
  out: outOption('DIR'),
  asOf: asOfOption,
  waitSeconds: z.coerce.number().int().min(0).max(86_400).default(optionDefaults.waitSeconds),
  lookbackMonths: lookbackMonthsOption,
  minCell: minCellOption,
  author: authorOption,
  /** --no-pdf sets it false: the semi-annual report without report.pdf. */
  pdf: z.boolean().default(true),
});
export type RunOptions = z.input<typeof RunOptions> & GlobalOptions;

type Step = { status: string; [field: string]: unknown };

/** The JSON line of run (docs/cli.md): the same fields on every run, each step with its status. */
interface RunSummary {
  ok: boolean;
  command: 'run';
  exit_code: number;
  started_at: string;
  seconds: number;
  inbox: string | null;
  out: string | null;
  files: {
    file: string;
    kind: string | null;
    status: string;
    rows_loaded: number;
    rows_rejected: number;
    error?: string;
  }[];
  build: Step;
  crisis_basins: Step;
  semiannual_report: Step;
  snapshot: Step;
  /** Why the run stopped before its steps (bad options, inbox unreadable, database held, no key). */
  error?: string;
}

const skipped = (reason: string): Step => ({ status: 'skipped', reason });

/**
 * `run`: the monthly job. Ingests every new extract of the inbox (kind from the
 * header; files already loaded are skipped), builds, writes the crisis basins for
 * the as-of date and, when a semester has just closed, its semi-annual report,
 * publishes the analysts' snapshot, and ends with one JSON line on stdout, always,
 * also when it fails before doing anything. Every step is one pino line with its
 * duration. Safe to re-run after a crash: each file, the build and each output
 * folder are all-or-nothing.
 */
export async function run(options: RunOptions, deps: Deps): Promise<number> {
  const started = Date.now();
  const summary: RunSummary = {
    ok: false,
    command: 'run',
    exit_code: 1,
    started_at: deps.now().toISOString(),
    seconds: 0,
    inbox: options.inbox ?? null,
    out: options.out ?? null,
    files: [],
    build: skipped('not reached'),
    crisis_basins: skipped('not reached'),
    semiannual_report: skipped('not reached'),
    snapshot: skipped('not reached'),
  };
  const print = (exitCode: number) => {
    Object.assign(summary, { ok: exitCode === 0, exit_code: exitCode, seconds: (Date.now() - started) / 1000 });
    deps.stdout.write(`${JSON.stringify(summary)}\n`);
    return exitCode;
  };
  try {
    return print(await job(options, deps, summary));
  } catch (error) {
    const failure = userFailure(error, { database: options.db, output: options.out });
    if (!failure) {
      summary.error = `unexpected error (a bug): ${error instanceof Error ? error.message : String(error)}`;
      print(1);
      throw error;
    }
    summary.error = failure.message;
    print(failure.exitCode);
    // main says it on stderr too (its exit code is the error's); the JSON line is printed already
    throw error;
  }
}

async function job(options: RunOptions, deps: Deps, summary: RunSummary): Promise<number> {
  const o = parseOptions('run', RunOptions, options);
  const snapshot = snapshotPath(options.db, options.snapshot);
  const step = async <T>(name: string, work: () => Promise<T>, fields: (r: T) => object = () => ({})): Promise<T> => {
    const t0 = Date.now();
    const result = await work();
    deps.logger.info({ step: name, ms: Date.now() - t0, ...fields(result) }, `run: ${name}`);
    return result;
  };
  let files: string[];
  try {
    files = readdirSync(o.inbox)
      .filter((f) => f.toLowerCase().endsWith('.csv'))
      .sort()
      .map((f) => path.join(o.inbox, f));
  } catch {
    throw new UserError(
      `run: cannot read the inbox ${o.inbox}. Check the path (--inbox, or "inbox" in the config file).`,
      2,
    );
  }
  if (existsSync(o.out) && !statSync(o.out).isDirectory()) {
    throw new UserError(
      `run: --out ${o.out} is a file, not a folder. Give the folder where run writes its outputs.`,
      2,
    );
  }
  const key = loadPseudonymKey(options.keyFile, deps.env);
  // Workers' codes are checked against the birth places of the reference tables, a user's included.
  const pseudonyms = key ? new PseudonymCache(key, undefined, loadBirthPlaces(options.referenceDir)) : undefined;
  let failed = false;
  // A full disk, or an output folder that may not be replaced, is a failed step in the summary, not a stop.
  const places = { database: options.db, output: o.out };
  const failure = (error: unknown) => {
    const known = userFailure(error, places);
    if (!known) throw error;
    failed = true;
    return known.message;
  };
  await withDb(deps, options, { waitSeconds: o.waitSeconds }, async (db) => {
    const ingested = await ingestFiles(db, files, {
      kind: 'detect',
      logger: deps.logger,
      pseudonyms,
      now: deps.now,
      onFile: (r, ms) =>
        deps.logger.info(
          {
            step: `ingest ${r.kind}`,
            ms,
            file: r.file,
            status: r.status,
            rows_read: r.rows_read,
            rows_loaded: r.rows_loaded,
            rows_rejected: r.rows_rejected,
          },
          `run: ingest ${r.kind}`,
        ),
    });
    if (ingested.exitCode !== 0) failed = true;
    summary.files = ingested.results.map((r) => ({
      file: r.file,
      kind: r.kind,
      status: r.status,
      rows_loaded: r.rows_loaded,
      rows_rejected: r.rows_rejected,
      ...(r.error ? { error: r.error } : {}),
    }));
    try {
      const rows = await step(
        'build',
        () => ensureBuilt(db, deps.logger),
        (r) => ({ built: r !== undefined }),
      );
      summary.build = rows ? { status: 'built', models: rows } : { status: 'up to date' };
    } catch (error) {
      summary.build = { status: 'failed', error: failure(error) };
      deps.logger.error({ step: 'build' }, String(summary.build.error));
    }
    if (summary.build.status === 'failed') {
      summary.crisis_basins = summary.semiannual_report = skipped('the build failed');
    } else {
      // no communications is no reason to fail the monthly job: the steps that need them are skipped
      const asOf = o.asOf ?? (await defaultAsOf(db));
      if (!asOf) {
        summary.crisis_basins = summary.semiannual_report = skipped('no communications loaded');
      } else {
        const out = path.join(o.out, `bacini-crisi-${asOf}`);
        try {
          const basins = await step(
            'crisis basins',
            () =>
              writeCrisisBasins(db, {
                asOf,
                lookbackMonths: o.lookbackMonths,
                minCell: o.minCell,
                out,
                logger: deps.logger,
                today: reportDay(deps),
                now: deps.now,
                writeFolder: deps.files.folder,
                ...(o.author ? { author: o.author } : {}),
              }),
            (r) => ({ as_of: asOf, ...r }),
          );
          summary.crisis_basins = { status: 'written', as_of: asOf, dir: out, ...basins };
        } catch (error) {
          summary.crisis_basins = { status: 'failed', error: failure(error) };
          deps.logger.error({ step: 'crisis basins' }, String(summary.crisis_basins.error));
        }
      }
      if (summary.crisis_basins.status === 'failed') summary.semiannual_report = skipped('the crisis basins failed');
      else if (summary.crisis_basins.status === 'written') {
        try {
          summary.semiannual_report = await semiannualReport(db, o, deps, step);
        } catch (error) {
          summary.semiannual_report = { status: 'failed', error: failure(error) };
          deps.logger.error({ step: 'semiannual report' }, String(summary.semiannual_report.error));
        }
      }
    }
    // Last, so analysts get everything this run loaded and built; it never fails the run (publishSnapshot).
    summary.snapshot = snapshot
      ? await step(
          'snapshot',
          () => deps.files.snapshot(db, snapshot, deps.logger),
          (r) => r,
        )
      : skipped('--no-snapshot');
  });
  return failed ? 1 : 0;
}

/**
 * The semi-annual report of the latest semester the data cover, once: when a semester
 * has just closed (the data hold each of its months in normal volume, see
 * semesterCoverage: a stray later communication does not close one) and its report
 * is not in the output directory yet. A later run leaves it alone, so a report already forwarded does
 * not change under its readers; delete the directory to have it written again.
 */
async function semiannualReport(
  db: Database,
  o: { out: string; minCell: number; author?: string | undefined; pdf: boolean },
  deps: Deps,
  step: <T>(name: string, work: () => Promise<T>, fields?: (r: T) => object) => Promise<T>,
): Promise<Step> {
  const semester = await latestCoveredSemester(db);
  if (!semester) return skipped('no semester covered by the data yet (each of its months in normal volume)');
  const out = path.join(o.out, `rapporto-semestrale-${semester.semestre}`);
  if (existsSync(path.join(out, 'report.html')))
    return { status: 'already written', semestre: semester.semestre, dir: out };
  const written = await step(
    'semiannual report',
    async () =>
      writeSemiannualReport(db, {
        semester,
        minCell: o.minCell,
        out,
        logger: deps.logger,
        today: reportDay(deps),
        now: deps.now,
        writeFolder: deps.files.folder,
        coverage: await coverage(db),
        ...(o.author ? { author: o.author } : {}),
        pdf: o.pdf && findChromium(deps.env),
      }),
    (r) => ({ semestre: r.semestre, suppressed: r.suppressed }),
  );
  return {
    status: 'written',
    semestre: semester.semestre,
    dir: out,
    suppressed: written.suppressed,
    provisional: written.provisional,
    pdf: written.pdf,
  };
}
