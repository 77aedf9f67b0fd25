import { Command, CommanderError, Option } from 'commander';
import * as build from './commands/build.js';
import * as crisisBasins from './commands/crisisBasins.js';
import * as flags from './commands/flags.js';
import * as generate from './commands/generate.js';
import * as ingest from './commands/ingest.js';
import { openPipelineDb } from './commands/openPipelineDb.js';
import * as rejects from './commands/rejects.js';
import * as report from './commands/report.js';
import * as runJob from './commands/run.js';
import * as status from './commands/status.js';
import type { Deps, GlobalOptions } from './commands/context.js';
import { UserError } from './errors.js';
import { createLogger, type Logger } from './logger.js';
import { defaultDbPath } from './paths.js';
import { describeSystemError, type SystemPlaces } from './systemError.js';

interface CliGlobals extends GlobalOptions {
  logLevel: string;
  debug: boolean;
}

/** A command's --out, where it has one. */
const outOf = (options: object): string | undefined => {
  const out = (options as { out?: unknown }).out;
  return typeof out === 'string' ? out : undefined;
};

/**
 * Wires the commands; each command module does its work in run(options, deps).
 * start also gets the places the command writes to (its database, its --out), so
 * main can say which disk a system error is on.
 */
function buildProgram(
  start: (globals: CliGlobals, places: SystemPlaces) => Deps,
  setExit: (code: number) => void,
  output: { writeOut: (s: string) => void; writeErr: (s: string) => void },
): Command {
  // Output settings first: subcommands copy them when they are created.
  const program = new Command('co-pipeline')
    .configureOutput(output)
    .description('Comunicazioni Obbligatorie pipeline: ingest CO extracts into DuckDB, flag, report')
    .addOption(new Option('--db <path>', 'DuckDB database file').env('CO_DB').default(defaultDbPath))
    .addOption(new Option('--log-level <level>', 'log level').choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'))
    .option('--debug', 'show stack traces of unexpected errors', false)
    .option('--reference-dir <dir>', 'extra reference tables that extend or override the shipped ones (env CO_REFERENCE_DIR)')
    .option('--key-file <file>', 'file holding the pseudonym key (else env CO_PSEUDONYM_KEY)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  const globals = () => program.opts<CliGlobals>();
  const action = <O extends object>(runCommand: (options: O & GlobalOptions, deps: Deps) => Promise<number>, options: () => O) => async () => {
    const o = options();
    setExit(await runCommand({ ...globals(), ...o }, start(globals(), { database: globals().db, output: outOf(o) })));
  };

  const ingestCommand = program.command('ingest').description('load extracts into the database');
  const addIngest = (kind: 'co' | 'inps' | 'istat' | 'excelsior', description: string) => {
    const sub = ingestCommand
      .command(kind)
      .description(description)
      .argument('<files...>', 'extract files (CSV)')
      .option('--json', 'one JSON summary object per file on stdout', false)
      .option('--strict', 'any rejected row fails the whole file', false)
      .addOption(new Option('--encoding <encoding>', 'override encoding detection').choices(['utf-8', 'windows-1252']));
    sub.action(async (files: string[]) => action(ingest.run, () => ({ ...sub.opts(), files, kind }))());
  };
  addIngest('co', 'load CO extracts: every row loaded or rejected with its line and reason');
  addIngest('inps', 'load INPS extracts: income-support recipients, or open data on cassa integrazione hours (told apart by the header)');
  addIngest('istat', 'load ISTAT resident population (SDMX-CSV or long layout)');
  addIngest('excelsior', 'load Excelsior (Unioncamere) planned hires by period, territory, ATECO and occupation');

  const rej = program
    .command('rejects')
    .description('export rejected rows: file, line, column, value, reason')
    .option('--batch <id>', 'only this batch')
    .requiredOption('--out <file>', 'CSV file to write');
  rej.action(action(rejects.run, () => rej.opts()));

  const st = program.command('status').description('batches, row counts and data-quality warnings').option('--json', 'as JSON', false);
  st.action(action(status.run, () => st.opts()));

  const bld = program
    .command('build')
    .description('build rapporti and workers from the communications (when the data changed)')
    .option('--force', 'rebuild even when nothing changed', false);
  bld.action(action(build.run, () => bld.opts()));

  const flg = program
    .command('flags')
    .description('non-EU workers whose contract ends or whose permit is at risk (owner-only file)')
    .option('--as-of <YYYY-MM-DD>', 'reference date (default: latest data_invio loaded)')
    .option('--horizon-days <n>', 'window length in days', '90')
    .option('--job-seeking-months <n>', 'length of the permit for job seeking (attesa occupazione)', '12')
    .option('--province <XX>', 'only this province (2-letter code)')
    .requiredOption('--out <file>', 'output file')
    .addOption(new Option('--format <format>', 'output format').choices(['csv', 'parquet', 'json']).default('csv'));
  flg.action(action(flags.run, () => flg.opts()));

  const crisis = program
    .command('crisis-basins')
    .description('crisis basins of unemployed non-EU workers and company crises (aggregates, small cells suppressed)')
    .option('--as-of <YYYY-MM-DD>', 'reference date (default: latest data_invio loaded)')
    .option('--lookback-months <n>', 'look-back for the last rapporto and the dismissals', '12')
    .option('--min-cell <n>', 'smallest count published (1 turns suppression off)', '5')
    .requiredOption('--out <dir>', 'output directory (replaced as a whole)');
  crisis.action(action(crisisBasins.run, () => crisis.opts()));

  const reportCommand = program.command('report').description('reports for the region and its provinces');
  const semi = reportCommand
    .command('semiannual')
    .description('semi-annual report (report.html, report.md) and the ORIM tables of a semester')
    .requiredOption('--semester <YYYY-Hn>', 'semester, e.g. 2025-H1 (1 January to 30 June), 2025-H2, or latest (the latest the data cover)')
    .option('--province <XX>', 'only this province (2-letter code, e.g. MI)')
    .option('--min-cell <n>', 'smallest count published (1 turns suppression off, internal use only)', '5')
    .option('--date <YYYY-MM-DD>', 'date printed as the report\'s date (default: today)')
    .option('--excel', 'also the tables for Excel: tables/excel/*.csv (";", UTF-8 with BOM, decimal comma) and tables/tavole.xlsx', false)
    .option('--allow-partial', 'write a semester or province the data do not cover (a month missing or thin); the page opens with the warning', false)
    .requiredOption('--out <dir>', 'output directory: report.html, report.md, charts/, tables/');
  semi.action(action(report.run, () => semi.opts()));

  const job = program
    .command('run')
    .description('the monthly job: ingest new extracts from an inbox, build, write the crisis basins; one JSON summary line')
    .requiredOption('--inbox <dir>', 'directory of extracts (CO, INPS, INPS CIG hours, ISTAT, Excelsior recognised from the header)')
    .requiredOption('--out <dir>', 'output directory')
    .option('--as-of <YYYY-MM-DD>', 'reference date (default: latest data_invio loaded)')
    .option('--wait-seconds <n>', 'wait this long for a database held by another process', '0')
    .option('--lookback-months <n>', 'crisis-basin look-back', '12')
    .option('--min-cell <n>', 'smallest count published', '5');
  job.action(action(runJob.run, () => job.opts()));

  const gen = program
    .command('generate')
    .description('write synthetic monthly CO extracts for Lombardy (deterministic for a seed)')
    .requiredOption('--workers <n>', 'number of workers to simulate')
    .requiredOption('--from <YYYY-MM>', 'first month of data_invio')
    .requiredOption('--to <YYYY-MM>', 'last month of data_invio')
    .option('--seed <seed>', 'random seed', '1')
    .requiredOption('--out <dir>', 'output directory')
    .addOption(new Option('--identifiers <kind>', 'raw codici fiscali or upstream ids').choices(['cf', 'id']).default('cf'));
  // generate opens no database: its only place is the output
  gen.action(async () => setExit(await generate.run(gen.opts(), start(globals(), { output: outOf(gen.opts()) }))));
  return program;
}

export interface MainDeps {
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /** The commands' clock (tests pin the day); the machine's by default. */
  now?: () => Date;
}

/** Runs the CLI and returns the exit code: 0 done, 1 data or runtime failure, 2 usage error. */
export async function main(argv: string[], mainDeps: MainDeps = {}): Promise<number> {
  const stderr = mainDeps.stderr ?? process.stderr;
  let exitCode = 0;
  let debug = argv.includes('--debug');
  let places: SystemPlaces = {};
  const program = buildProgram((globals, commandPlaces) => {
    debug = globals.debug;
    places = commandPlaces;
    return {
      logger: mainDeps.logger ?? createLogger({ level: globals.logLevel }),
      stdout: (mainDeps.stdout ?? process.stdout) as Deps['stdout'],
      openDb: openPipelineDb,
      env: mainDeps.env ?? process.env,
      interactive: Boolean(process.stderr.isTTY) && !mainDeps.stderr,
      now: mainDeps.now ?? (() => new Date()),
    };
  }, (code) => (exitCode = code), {
    writeOut: (s) => (mainDeps.stdout ?? process.stdout).write(s),
    writeErr: (s) => stderr.write(s),
  });
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return error.exitCode === 0 ? 0 : 2;
    }
    // Disk full and the like are the user's to fix, not bugs: said as such, with the stack only with --debug.
    const system = describeSystemError(error, places);
    if (system) {
      stderr.write(`co-pipeline: ${system.message}\n`);
      const original = error instanceof UserError ? error.cause : error;
      if (debug && original instanceof Error) stderr.write(`${original.stack}\n`);
      return system.exitCode;
    }
    if (error instanceof UserError) {
      stderr.write(`co-pipeline: ${error.message}\n`);
      return error.exitCode;
    }
    stderr.write(`co-pipeline: unexpected error (a bug): ${(error as Error).message}\n`);
    stderr.write(debug ? `${(error as Error).stack}\n` : 'Run again with --debug to see the stack trace, and report it.\n');
    return 1;
  }
}
