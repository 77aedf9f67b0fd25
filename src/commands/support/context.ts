import type { Writable } from 'node:stream';
import type { Database } from '../../db/Database.js';
import type { OutputWrites } from '../../output/outputWrites.js';
import type { Logger } from '../../runtime/logger.js';

/** Global options every command receives (from the CLI or a test). */
export interface GlobalOptions {
  db: string;
  referenceDir?: string;
  keyFile?: string;
  /** The analysts' read-only snapshot: a path, false for none (--no-snapshot), default beside the database. */
  snapshot?: string | false;
}

/** Side effects a command needs, passed in so tests can capture or replace them. */
export interface Deps {
  logger: Logger;
  stdout: Writable;
  /** Opens the pipeline database with the reference tables loaded. */
  openDb: (path: string, referenceDir?: string, mode?: { mustExist?: boolean }) => Promise<Database>;
  env: NodeJS.ProcessEnv;
  /** True when progress may be drawn (stderr is a terminal). */
  interactive: boolean;
  /** --json: the command's result as one JSON object on stdout (printResult). */
  json: boolean;
  /**
   * The clock: every time a command records or prints (a batch's start and end, the
   * ingest day, an output folder's written_at, a report's default date), so a test pins
   * it. Durations in the log are measured apart, on the monotonic clock.
   */
  now: () => Date;
  /** The writes the user sees: output folders, query files, the snapshot (output/outputWrites.ts). */
  files: OutputWrites;
}
