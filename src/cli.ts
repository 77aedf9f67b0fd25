import { Command, CommanderError, Option } from 'commander';
import * as build from './commands/build.js';
import * as crisisBasins from './commands/crisisBasins.js';
import * as flags from './commands/flags.js';
import * as generate from './commands/generate.js';
import * as ingest from './commands/ingest.js';
import { openPipelineDb } from './commands/support/openPipelineDb.js';
import { errorJson } from './commands/support/printResult.js';
import * as rejects from './commands/rejects.js';
import * as riskEmployers from './commands/riskEmployers.js';
import * as riskIndicators from './commands/riskIndicators.js';
import { riskDefaults } from './marts/risk/riskOptions.js';
import * as report from './commands/report.js';
import * as reportAnnual from './commands/reportAnnual.js';
import * as runJob from './commands/run.js';
import * as status from './commands/status.js';
import { encodings, optionDefaults } from './commands/support/options.js';
import { ingestCommandKinds, type IngestCommandKind } from './ingest/fileKinds.js';
import { areaLevels } from './marts/areaLevels.js';
import type { Deps, GlobalOptions } from './commands/support/context.js';
import { layerOptions } from './config/layerOptions.js';
import { configFileName, loadConfig, type LoadedConfig } from './config/loadConfig.js';
import { UserError } from './runtime/errors.js';
import { createLogger, logLevels, type Logger } from './runtime/logger.js';
import { removeStaleTempDirs } from './runtime/privateTempDir.js';
import { terminalProgress } from './runtime/progress.js';
import { type OutputWrites, outputWrites } from './output/outputWrites.js';
import { defaultDbPath } from './runtime/paths.js';
import { version } from './runtime/version.js';
import { type SystemPlaces, userFailure } from './runtime/systemError.js';

interface CliGlobals extends GlobalOptions {
  logLevel: string;
  logFormat?: 'json' | 'pretty';
  debug: boolean;
  json: boolean;
  config?: string;
  memoryLimit?: string;
}

/** A command option's help with its default, from the one declaration the command's schema applies (optionDefaults). */
const withDefault = (help: string, key: keyof typeof optionDefaults) => `${help} (default: ${optionDefaults[key]})`;

/** A command's --out, where it has one. */
const outOf = (options: object): string | undefined => {
  const out = (options as { out?: unknown }).out;
  return typeof out === 'string' ? out : undefined;
};

/**
 * Wires the commands; each command module does its work in run(options, deps).
 * start also gets the places the command writes to (its database, its --out), so
 * main can say which disk a system error is on. layer gives the options their
 * values from the environment and the config file once the program's own options
 * (--config among them) are parsed.
 */
function buildProgram(
  start: (globals: CliGlobals, places: SystemPlaces, command: string) => Deps,
  layer: (program: Command) => void,
  setExit: (code: number) => void,
  output: { writeOut: (s: string) => void; writeErr: (s: string) => void },
): Command {
  // Output settings first: subcommands copy them when they are created.
  const program = new Command('co-pipeline')
    .configureOutput(output)
    .description('Comunicazioni Obbligatorie pipeline: ingest CO extracts into DuckDB, flag, report')
    .version(version, '-V, --version', 'print the version and exit')
    .option('--config <file>', `settings file (default: ${configFileName} in the current folder, when there is one)`)
    .addOption(new Option('--db <path>', 'DuckDB database file (env CO_DB)').default(defaultDbPath))
    .addOption(new Option('--log-level <level>', 'log level').choices(logLevels).default('info'))
    .addOption(
      new Option(
        '--log-format <format>',
        'log lines on stderr: json, or pretty (one line each; the default on a terminal)',
      ).choices(['json', 'pretty']),
    )
    .option('--json', 'the result as one JSON object on stdout, errors included (docs/cli.md)', false)
    .option('--debug', 'show stack traces of unexpected errors', false)
    .option(
      '--reference-dir <dir>',
      'extra reference tables that extend or override the shipped ones (env CO_REFERENCE_DIR)',
    )
    .option('--key-file <file>', 'file holding the pseudonym key (else env CO_PSEUDONYM_KEY)')
    .option(
      '--memory-limit <size>',
      "DuckDB's memory limit, e.g. 4GB; beyond it DuckDB spills to <database>.tmp/ (env CO_MEMORY_LIMIT; default half of the machine's memory)",
    )
    .option(
      '--snapshot <path>',
      'read-only copy of the database for analysts, published by build and run (default: beside the database, e.g. data/co.snapshot.duckdb)',
    )
    .option('--no-snapshot', 'publish no snapshot')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .hook('preSubcommand', () => layer(program));

  const globals = () => program.opts<CliGlobals>();
  const action =
    <O extends object>(
      name: string,
      runCommand: (options: O & GlobalOptions, deps: Deps) => Promise<number>,
      options: () => O,
    ) =>
    async () => {
      const o = options();
      setExit(
        await runCommand({ ...globals(), ...o }, start(globals(), { database: globals().db, output: outOf(o) }, name)),
      );
    };

  const ingestCommand = program.command('ingest').description('load extracts into the database');
  const addIngest = (kind: IngestCommandKind, description: string) => {
    const sub = ingestCommand
      .command(kind)
      .description(description)
      .argument('<files...>', 'extract files (CSV)')
      .option('--strict', 'any rejected row fails the whole file')
      .addOption(new Option('--encoding <encoding>', 'override encoding detection').choices(encodings));
    sub.action(async (files: string[]) =>
      action(`ingest ${kind}`, ingest.run, () => ({ ...sub.opts(), files, kind }))(),
    );
  };
  const ingestDescriptions: Record<IngestCommandKind, string> = {
    co: 'load CO extracts: every row loaded or rejected with its line and reason',
    inps: 'load INPS extracts: income-support recipients, or open data on cassa integrazione hours (told apart by the header)',
    istat: 'load ISTAT resident population (SDMX-CSV or long layout)',
    excelsior: 'load Excelsior (Unioncamere) planned hires by period, territory, ATECO and occupation',
  };
  for (const kind of ingestCommandKinds) addIngest(kind, ingestDescriptions[kind]);

  const rej = program
    .command('rejects')
    .description('export rejected rows: file, line, column, value, reason')
    .option('--batch <id>', 'only this batch')
    .requiredOption('--out <file>', 'CSV file to write');
  rej.action(action('rejects', rejects.run, () => rej.opts()));

  const st = program.command('status').description('batches, row counts and data-quality warnings');
  st.action(action('status', status.run, () => st.opts()));

  const bld = program
    .command('build')
    .description('build rapporti and workers from the communications (when the data changed)')
    .option('--force', 'rebuild even when nothing changed');
  bld.action(action('build', build.run, () => bld.opts()));

  const flg = program
    .command('flags')
    .description('non-EU workers whose contract ends or whose permit is at risk (owner-only file)')
    .option('--as-of <YYYY-MM-DD>', 'reference date (default: latest data_invio loaded)')
    .option('--horizon-days <n>', withDefault('window length in days', 'horizonDays'))
    .option(
      '--job-seeking-months <n>',
      withDefault('length of the permit for job seeking (attesa occupazione)', 'jobSeekingMonths'),
    )
    .option('--province <XX>', 'only this province (2-letter code)')
    .addOption(
      new Option(
        '--by <area>',
        withDefault(
          'the area of each row: the province, or the CPI or ambito of its municipality (aree_comuni.csv in --reference-dir)',
          'by',
        ),
      ).choices(areaLevels),
    )
    .requiredOption('--out <file>', 'output file')
    .addOption(
      new Option('--format <format>', 'output format (default: from the --out extension, else csv)').choices(
        flags.flagFormats,
      ),
    );
  flg.action(action('flags', flags.run, () => flg.opts()));

  const crisis = program
    .command('crisis-basins')
    .description('crisis basins of unemployed non-EU workers and company crises (aggregates, small cells suppressed)')
    .option('--as-of <YYYY-MM-DD>', 'reference date (default: latest data_invio loaded)')
    .option(
      '--lookback-months <n>',
      withDefault('look-back for the last rapporto and the dismissals', 'lookbackMonths'),
    )
    .option('--min-cell <n>', withDefault('smallest count published (1 turns suppression off)', 'minCell'))
    .addOption(
      new Option(
        '--by <area>',
        withDefault(
          'the area the basins are by: the province, or the CPI or ambito of the last workplace (aree_comuni.csv in --reference-dir)',
          'by',
        ),
      ).choices(areaLevels),
    )
    .option(
      '--author <text>',
      'who publishes the summary, printed under the title, e.g. "Osservatorio regionale del mercato del lavoro" (default: no author line)',
    )
    .requiredOption('--out <dir>', 'output directory (replaced as a whole)');
  crisis.action(action('crisis-basins', crisisBasins.run, () => crisis.opts()));

  const indicators = program
    .command('risk-indicators')
    .description(
      'risk indicators of exploitation in a semester by employment centre or ambito (aggregates, small cells suppressed; by province they are an ORIM table of report semiannual)',
    )
    .requiredOption('--semester <YYYY-Hn>', 'semester, e.g. 2025-H1')
    .addOption(
      new Option('--by <area>', 'the area of each workplace, by aree_comuni.csv in --reference-dir: cpi or ambito')
        .choices(areaLevels)
        .makeOptionMandatory(),
    )
    .option('--min-cell <n>', withDefault('smallest count published (1 turns suppression off)', 'minCell'))
    .requiredOption('--out <dir>', 'output directory (replaced as a whole)');
  indicators.action(action('risk-indicators', riskIndicators.run, () => indicators.opts()));

  const employers = program
    .command('risk-employers')
    .description(
      'employer units with a pattern of risk of exploitation in a semester, for the labour inspectorate (owner-only file, not for publication)',
    )
    .requiredOption('--semester <YYYY-Hn>', 'semester, e.g. 2025-H1')
    .option('--province <XX>', 'only this province (2-letter code)')
    .addOption(
      new Option(
        '--by <area>',
        withDefault(
          'a unit is an employer in a province, or in a CPI or ambito of the workplace (aree_comuni.csv in --reference-dir)',
          'by',
        ),
      ).choices(areaLevels),
    )
    .option(
      '--quick-exit-days <n>',
      `a cessation within this many days of the start is a quick exit (default: ${riskDefaults.uscita_giorni})`,
    )
    .option(
      '--employer-min <n>',
      `events a pattern needs at least: hires, quick exits, rapporti of at most 3 days (default: ${riskDefaults.datore_min})`,
    )
    .option(
      '--employer-share <x>',
      `share of the unit's cessations the quick exits or the rapporti of at most 3 days reach at least (default: ${riskDefaults.datore_quota})`,
    )
    .option(
      '--hire-ratio <x>',
      `many hires: at least this many times the rapporti active at the semester's start (default: ${riskDefaults.datore_rapporto})`,
    )
    .requiredOption('--out <file>', 'output file')
    .addOption(
      new Option('--format <format>', 'output format (default: from the --out extension, else csv)').choices(
        flags.flagFormats,
      ),
    );
  employers.action(action('risk-employers', riskEmployers.run, () => employers.opts()));

  const reportCommand = program.command('report').description('reports for the region and its provinces');
  const semi = reportCommand
    .command('semiannual')
    .description('semi-annual report (report.html, report.md, report.pdf) and the ORIM tables of a semester')
    .requiredOption(
      '--semester <YYYY-Hn>',
      'semester, e.g. 2025-H1 (1 January to 30 June), 2025-H2, or latest (the latest the data cover)',
    )
    .option(
      '--province <XX|all>',
      'only this province (2-letter code, e.g. MI), or all: the region and each of its provinces, one folder each',
    )
    .option(
      '--min-cell <n>',
      withDefault('smallest count published (1 turns suppression off, internal use only)', 'minCell'),
    )
    .option('--date <YYYY-MM-DD>', "date printed as the report's date (default: today)")
    .option(
      '--excel',
      'also the tables for Excel: tables/excel/*.csv (";", UTF-8 with BOM, decimal comma) and tables/tavole.xlsx',
    )
    .option(
      '--allow-partial',
      'write a semester or province the data do not cover (a month missing or thin); the page opens with the warning',
    )
    .option(
      '--author <text>',
      'who publishes the report, printed under the title, e.g. "Osservatorio regionale del mercato del lavoro" (default: no author line)',
    )
    .option(
      '--no-pdf',
      'write no report.pdf (otherwise printed from report.html when Chromium is there: CHROMIUM_PATH)',
    )
    .requiredOption('--out <dir>', 'output directory: report.html, report.md, report.pdf, charts/, tables/');
  semi.action(action('report semiannual', report.run, () => semi.opts()));
  const annual = reportCommand
    .command('annual')
    .description(
      'annual report (report.html, report.md, report.pdf) and the ORIM tables of a year, with the series of the years',
    )
    .requiredOption(
      '--year <YYYY>',
      'year, e.g. 2024 (1 January to 31 December; both semesters covered), or latest (the latest the data cover)',
    )
    .option('--province <XX>', 'only this province (2-letter code, e.g. MI)')
    .option(
      '--min-cell <n>',
      withDefault('smallest count published (1 turns suppression off, internal use only)', 'minCell'),
    )
    .option('--date <YYYY-MM-DD>', "date printed as the report's date (default: today)")
    .option(
      '--excel',
      'also the tables for Excel: tables/excel/*.csv (";", UTF-8 with BOM, decimal comma) and tables/tavole.xlsx',
    )
    .option(
      '--allow-partial',
      'write a year or province the data do not cover (a month missing or thin); the page opens with the warning',
    )
    .option('--author <text>', 'who publishes the report, printed under the title (default: no author line)')
    .option(
      '--no-pdf',
      'write no report.pdf (otherwise printed from report.html when Chromium is there: CHROMIUM_PATH)',
    )
    .requiredOption('--out <dir>', 'output directory: report.html, report.md, report.pdf, charts/, tables/');
  annual.action(action('report annual', reportAnnual.run, () => annual.opts()));

  const job = program
    .command('run')
    .description(
      'the monthly job: ingest new extracts from an inbox, build, write the crisis basins; one JSON summary line',
    )
    // not required here: run checks them itself (they may come from the config file), so that its JSON line says what is missing
    .option(
      '--inbox <dir>',
      'directory of extracts (CO, INPS, INPS CIG hours, ISTAT, Excelsior recognised from the header; required, or "inbox" in the config file)',
    )
    .option('--out <dir>', 'output directory (required, or "out" in the config file)')
    .option('--as-of <YYYY-MM-DD>', 'reference date (default: latest data_invio loaded)')
    .option('--wait-seconds <n>', withDefault('wait this long for a database held by another process', 'waitSeconds'))
    .option('--lookback-months <n>', withDefault('crisis-basin look-back', 'lookbackMonths'))
    .option('--min-cell <n>', withDefault('smallest count published', 'minCell'))
    .option(
      '--author <text>',
      'who publishes the reports, printed under the title, e.g. "Osservatorio regionale del mercato del lavoro" (default: no author line)',
    )
    .option('--no-pdf', 'the semi-annual report without report.pdf');
  job.action(action('run', runJob.run, () => job.opts()));

  const gen = program
    .command('generate')
    .description('write synthetic monthly CO extracts for Lombardy (deterministic for a seed)')
    .requiredOption('--workers <n>', 'number of workers to simulate')
    .requiredOption('--from <YYYY-MM>', 'first month of data_invio')
    .requiredOption('--to <YYYY-MM>', 'last month of data_invio')
    .option('--seed <seed>', withDefault('random seed', 'seed'))
    .requiredOption('--out <dir>', 'output directory')
    .addOption(
      new Option('--identifiers <kind>', withDefault('raw codici fiscali or upstream ids', 'identifiers')).choices(
        generate.identifierKinds,
      ),
    );
  // generate opens no database: its only place is the output
  gen.action(async () =>
    setExit(await generate.run(gen.opts(), start(globals(), { output: outOf(gen.opts()) }, 'generate'))),
  );
  return program;
}

export interface MainDeps {
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /** Where co-pipeline.config.json is looked for and --config is resolved from (default: process.cwd()). */
  cwd?: string;
  /** Opens the pipeline database (default openPipelineDb); tests wrap it to see the settings a command opens it with. */
  openDb?: typeof openPipelineDb;
  /** The commands' clock (tests pin the day); the machine's by default. */
  now?: () => Date;
  /** The writes the user sees (default output/outputWrites.ts); tests watch or replace them. */
  files?: OutputWrites;
}

const commandNames = ['ingest', 'rejects', 'status', 'build', 'flags', 'crisis-basins', 'report', 'run', 'generate'];

/** Runs the CLI and returns the exit code: 0 done, 1 data or runtime failure, 2 usage error. */
export async function main(argv: string[], mainDeps: MainDeps = {}): Promise<number> {
  const stderr = mainDeps.stderr ?? process.stderr;
  const stdout = mainDeps.stdout ?? process.stdout;
  let exitCode = 0;
  let debug = argv.includes('--debug');
  // before parsing succeeds (a usage error) the flag is read from argv
  let json = argv.includes('--json');
  let command = argv.find((a) => commandNames.includes(a)) ?? '';
  let places: SystemPlaces = {};
  // once run has started it prints its own line, failures included
  let commandStarted = false;
  const jsonError = () => (json || command === 'run') && !(command === 'run' && commandStarted);
  // The one place the process's environment is taken: everything else reads it from deps.env.
  const env = mainDeps.env ?? process.env;
  const open = mainDeps.openDb ?? openPipelineDb;
  let config: LoadedConfig | undefined;
  const program = buildProgram(
    (globals, commandPlaces, name) => {
      debug = globals.debug;
      json = globals.json;
      command = name;
      commandStarted = true;
      places = commandPlaces;
      // progress is drawn on a terminal only, and never under --json (whose reader is a program)
      const interactive = Boolean(process.stderr.isTTY) && !mainDeps.stderr && !globals.json;
      const logger =
        mainDeps.logger ??
        createLogger({
          level: globals.logLevel,
          ...(globals.logFormat ? { pretty: globals.logFormat === 'pretty' } : {}),
        });
      if (config) logger.debug({ config: config.file }, 'settings read from the config file');
      // a killed run's private copies (raw codici fiscali) do not wait for the system to clean them
      removeStaleTempDirs(logger);
      return {
        logger,
        stdout: stdout as Deps['stdout'],
        openDb: async (dbPath, referenceDir, mode) => {
          const db = await open(dbPath, referenceDir, { memoryLimit: globals.memoryLimit, ...mode });
          if (interactive) db.progressBar = (label, totalBytes = 0) => terminalProgress(label, totalBytes);
          return db;
        },
        env,
        interactive,
        json: globals.json,
        now: mainDeps.now ?? (() => new Date()),
        files: mainDeps.files ?? outputWrites,
      };
    },
    (program) => {
      config = loadConfig(program.opts<CliGlobals>().config, mainDeps.cwd ?? process.cwd());
      layerOptions(program, env, config);
    },
    (code) => (exitCode = code),
    {
      writeOut: (s) => stdout.write(s),
      writeErr: (s) => stderr.write(s),
    },
  );
  // An error is said on stderr and, with --json (and always for run, whose line cron reads), as JSON on stdout.
  const fail = (code: number, message: string): number => {
    stderr.write(`co-pipeline: ${message}\n`);
    if (jsonError()) stdout.write(errorJson(command, code, message));
    return code;
  };
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with exit code 0; commander has printed its message.
      if (error.exitCode === 0) return 0;
      if (jsonError()) stdout.write(errorJson(command, 2, error.message.replace(/^error: /, '')));
      return 2;
    }
    // Disk full and the like are the user's to fix, not bugs: said as such, with the stack only with --debug.
    const failure = userFailure(error, places);
    if (failure) {
      const code = fail(failure.exitCode, failure.message);
      // a system error described: its original stack (a plain UserError has none worth showing)
      const original = error instanceof UserError ? error.cause : error;
      if (debug && failure !== error && original instanceof Error) stderr.write(`${original.stack}\n`);
      return code;
    }
    const code = fail(1, `unexpected error (a bug): ${(error as Error).message}`);
    stderr.write(
      debug ? `${(error as Error).stack}\n` : 'Run again with --debug to see the stack trace, and report it.\n',
    );
    return code;
  }
}
