// One floor of the benchmark, in its own process so its peak memory is its own:
// DuckDB alone scanning the files, or loading them into a table with typed dates.
import { DuckDBInstance } from '@duckdb/node-api';

const [mode, glob, dbPath] = process.argv.slice(2);
const instance = await DuckDBInstance.create(dbPath);
const connection = await instance.connect();
const started = performance.now();
const read = `read_csv($glob, delim = ';', header = true, dateformat = '%Y-%m-%d')`;
if (mode === 'scan') {
  await connection.run(`SELECT count(*) FROM ${read}`, { glob });
} else {
  await connection.run(`CREATE TABLE t AS SELECT * FROM ${read}`, { glob });
  // on disk, as the ingest leaves its rows (its commits are timed too)
  await connection.run('CHECKPOINT');
}
const seconds = (performance.now() - started) / 1000;
connection.closeSync();
instance.closeSync();
console.log(JSON.stringify({ seconds, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
