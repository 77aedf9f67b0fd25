// `npm run bench [-- --rows 10000000] [--keep] [--no-reports]`: generates CO extracts with the
// project's generator, ingests them into a fresh database, and compares with two
// floors measured in the same run on the same files: DuckDB alone scanning them,
// and DuckDB alone loading them into a table; then build, flags, the semi-annual
// report of the latest semester, the annual report and the province editions, each with its wall time and peak memory;
// a monthly run on top of the history beside ingesting and building everything;
// and an analyst's polars script computing the core flows from the same files (bench-polars.mjs), whose figures must be
// the pipeline's, with its time beside ours. `--no-reports` leaves out the three reports and the
// peer (the long steps at 10 million rows). Not part of `npm test`.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
};
const rows = Number(arg('rows', 1_000_000));
const reports = !process.argv.includes('--no-reports');
const dir = path.resolve(arg('dir', path.join(root, 'bench-data', String(rows))));
// About 2.6 communications per worker over 30 months (measured on the generator).
const workers = Math.round(rows / 2.6);
const node = (script, args) =>
  JSON.parse(
    execFileSync(process.execPath, [path.join(root, 'scripts', script), ...args], {
      env: { ...process.env, CO_PSEUDONYM_KEY: 'benchmark-key-0123456789-abcdef' },
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    })
      .trim()
      .split('\n')
      .at(-1),
  );

const csvDir = path.join(dir, 'csv');
const generated = (() => {
  try {
    return readdirSync(csvDir).filter((f) => f.endsWith('.csv'));
  } catch {
    return [];
  }
})();
if (!generated.length) {
  mkdirSync(dir, { recursive: true });
  const t0 = performance.now();
  execFileSync(
    process.execPath,
    [
      path.join(root, 'bin', 'co-pipeline.js'),
      '--log-level',
      'warn',
      'generate',
      '--workers',
      String(workers),
      '--from',
      '2023-01',
      '--to',
      '2025-06',
      '--seed',
      'bench',
      '--out',
      csvDir,
    ],
    { stdio: 'inherit' },
  );
  console.log(`generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
// The CO extracts (co_YYYY-MM.csv); the generator also writes the INPS and ISTAT extracts beside them.
const files = readdirSync(csvDir)
  .filter((f) => /^co_.*\.csv$/.test(f))
  .sort()
  .map((f) => path.join(csvDir, f));
const bytes = files.reduce((s, f) => s + statSync(f).size, 0);
const glob = path.join(csvDir, 'co_*.csv');

const fresh = (name) => {
  const db = path.join(dir, `${name}.duckdb`);
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
  return db;
};
const scan = node('bench-floor.mjs', ['scan', glob, fresh('floor-scan')]);
const load = node('bench-floor.mjs', ['load', glob, fresh('floor-load')]);
const ingestDb = fresh('ingest');
const stepOn = (db, args) => {
  const result = node('bench-step.mjs', ['--db', db, ...args]);
  if (result.code !== 0) throw new Error(`${args.join(' ')} exited ${result.code}`);
  return result;
};
const step = (args) => stepOn(ingestDb, args);
const ingest = step(['ingest', 'co', '--json', ...files]);
step(['ingest', 'inps', path.join(csvDir, 'inps_beneficiari.csv')]);
step(['ingest', 'istat', path.join(csvDir, 'istat_stranieri_residenti.csv')]);
const build = step(['build']);
const flags = step(['flags', '--out', path.join(dir, 'flags.csv')]);
const basins = step(['crisis-basins', '--out', path.join(dir, 'basins')]);
const report = reports && step(['report', 'semiannual', '--semester', 'latest', '--out', path.join(dir, 'report')]);
const annual = reports && step(['report', 'annual', '--year', 'latest', '--out', path.join(dir, 'annual')]);
const editions =
  reports &&
  step(['report', 'semiannual', '--semester', 'latest', '--province', 'all', '--out', path.join(dir, 'editions')]);
// The analyst's peer: the core flows written by hand in polars from the same extracts
// (bench-polars.mjs); its figures must be the pipeline's for the semester the report wrote.
const flowLines = (flows) =>
  flows.map((f) => [f.semestre, f.provincia, f.gruppo_cittadinanza, f.misura, f.n].join(' ')).sort();
const peerRun = () => {
  const ours = node('bench-core-flows.mjs', [ingestDb, 'latest']);
  const peer = node('bench-polars.mjs', [csvDir, ours.semestre]);
  const [oursLines, peerLines] = [flowLines(ours.flows), flowLines(peer.flows)];
  if (oursLines.length === 0 || JSON.stringify(oursLines) !== JSON.stringify(peerLines)) {
    const differ = [...new Set([...oursLines, ...peerLines])].filter(
      (l) => oursLines.includes(l) !== peerLines.includes(l),
    );
    throw new Error(
      `the polars peer's core flows of ${ours.semestre} are not the pipeline's: ${differ.slice(0, 10).join('; ')}`,
    );
  }
  return { semestre: ours.semestre, figures: oursLines.length, seconds: peer.seconds };
};
const peer = reports && peerRun();
// A monthly run in its steady state: the history without its last three months is
// ingested and built, and a first `run` with the month before (unmeasured) writes the
// report of the latest semester the data cover, as the cron job did when that semester
// closed; then the measured `run` with the next month's extract (ingest, build for the
// new batch, the crisis basins; the month closes no semester, so no report), beside
// ingesting and building everything again (the ingest and build above).
const monthlyDb = fresh('monthly');
stepOn(monthlyDb, ['ingest', 'co', ...files.slice(0, -3)]);
stepOn(monthlyDb, ['build']);
const monthlyRun = (file) => {
  const inbox = path.join(dir, `inbox-${path.basename(file, '.csv')}`);
  rmSync(inbox, { recursive: true, force: true });
  mkdirSync(inbox);
  copyFileSync(file, path.join(inbox, path.basename(file)));
  return stepOn(monthlyDb, ['run', '--inbox', inbox, '--out', path.join(dir, 'monthly-out'), '--no-pdf']);
};
monthlyRun(files.at(-3));
const monthly = monthlyRun(files.at(-2));
const counted = JSON.parse(
  execFileSync(process.execPath, [path.join(root, 'bin', 'co-pipeline.js'), '--db', ingestDb, 'status', '--json'], {
    encoding: 'utf8',
  }),
);
const read = counted.batches.reduce((s, b) => s + Number(b.rows_read), 0);

const line = (name, r) =>
  `| ${name} | ${r.seconds.toFixed(1)} s | ${Math.round(read / r.seconds).toLocaleString('en')} rows/s | ${(bytes / 1e6 / r.seconds).toFixed(0)} MB/s | ${Math.round(r.maxRssMb)} MB | ${(r.seconds / load.seconds).toFixed(2)}x |`;
console.log(
  `\n${read.toLocaleString('en')} rows in ${files.length} files, ${(bytes / 1e6).toFixed(0)} MB; ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}\n`,
);
console.log('| step | wall time | throughput | input | peak RSS | vs load floor |');
console.log('|---|---|---|---|---|---|');
console.log(line('floor: DuckDB scan (`count(*)`)', scan));
console.log(line('floor: DuckDB load (`CREATE TABLE AS`, typed dates)', load));
console.log(line('co-pipeline ingest co (validate, pseudonymise, R2)', ingest));
console.log(line('co-pipeline build (all models, all data)', build));
console.log(line('co-pipeline flags (state on the date + flag list)', flags));
console.log(line('co-pipeline crisis-basins (three dates + basins)', basins));
if (reports) {
  console.log(line('co-pipeline report semiannual (latest semester: ORIM tables + report)', report));
  console.log(line('co-pipeline report annual (latest year: ORIM tables + report)', annual));
  console.log(line('co-pipeline report semiannual --province all (region + 12 provinces)', editions));
}
console.log(`\nbuild + flags: ${(build.seconds + flags.seconds).toFixed(1)} s, ingest: ${ingest.seconds.toFixed(1)} s`);
console.log(
  `\nmonthly run (${path.basename(files.at(-2))} on top of ${files.length - 2} months, the last report already written): ${monthly.seconds.toFixed(1)} s, ` +
    `${Math.round(monthly.maxRssMb)} MB; ingesting and building everything again: ${(ingest.seconds + build.seconds).toFixed(1)} s ` +
    `(${((100 * monthly.seconds) / (ingest.seconds + build.seconds)).toFixed(0)} %)`,
);
if (peer) {
  const core = ingest.seconds + build.seconds + report.seconds;
  console.log(
    `\npeer: polars (nodejs-polars, scripts/bench-polars.mjs) computes the core flows of ${peer.semestre} ` +
      `(${peer.figures} figures, the same as ours) in ${peer.seconds.toFixed(1)} s; ` +
      `our ingest + build + report semiannual take ${core.toFixed(1)} s, ${(core / peer.seconds).toFixed(1)}x the peer`,
  );
}
if (!process.argv.includes('--keep')) rmSync(path.join(dir), { recursive: true, force: true });
