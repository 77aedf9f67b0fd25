// The pipeline's ingest of the benchmark files, in its own process, reporting
// wall time and peak memory (RSS) of the whole command.
import { main } from '../dist/cli.js';

const [dbPath, ...files] = process.argv.slice(2);
const started = performance.now();
const code = await main(['node', 'co-pipeline', '--db', dbPath, '--log-level', 'warn', 'ingest', 'co', '--json', ...files], {
  stdout: { write: () => true },
});
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ code, seconds, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
