// One pipeline command of the benchmark, in its own process, reporting wall
// time and peak memory (RSS) of the whole command.
import { main } from '../dist/cli.js';

const args = process.argv.slice(2);
const started = performance.now();
const code = await main(['node', 'co-pipeline', '--log-level', 'warn', ...args], { stdout: { write: () => true } });
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ code, seconds, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
