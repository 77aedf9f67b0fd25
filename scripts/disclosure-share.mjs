// What the joint disclosure control of the ORIM tables withholds on a database, and
// what it costs: `npm run build`, then
//   node scripts/disclosure-share.mjs DB [SEMESTER] [MIN_CELL]
// prints one JSON line (the figures BENCHMARKS.md records). It reads the database only.
import pino from 'pino';
import { openDatabase } from '../dist/db/openDatabase.js';
import { decidePublication } from '../dist/disclosure/decidePublication.js';
import { readOrimHypercubes } from '../dist/disclosure/orimHypercubes.js';
import { parseSemester } from '../dist/marts/orimTables.js';

const [dbPath, semesterText = '2025-H1', minCellText = '5'] = process.argv.slice(2);
if (!dbPath) {
  console.error('usage: node scripts/disclosure-share.mjs DB [SEMESTER] [MIN_CELL]');
  process.exit(2);
}
const semester = parseSemester(semesterText);
const minCell = Number(minCellText);
const db = await openDatabase(dbPath);
try {
  const logger = pino({ level: 'warn' });
  const cubes = await readOrimHypercubes(db, semester, logger, 'share_');
  const started = performance.now();
  const d = decidePublication(cubes, minCell);
  const seconds = (performance.now() - started) / 1000;
  const cells = d.withheld.reduce((a, rows) => a + rows.reduce((b, r) => b + r.length, 0), 0);
  const withheld = d.withheld.reduce((a, rows) => a + rows.reduce((b, r) => b + r.filter(Boolean).length, 0), 0);
  console.log(
    JSON.stringify({
      semester: semesterText,
      minCell,
      figures: d.figures.size,
      primary: d.primary,
      secondary: d.secondary,
      measureCells: cells,
      measureCellsWithheld: withheld,
      share: Number((withheld / cells).toFixed(4)),
      lps: d.audit.lps,
      seconds: Number(seconds.toFixed(2)),
    }),
  );
} finally {
  db.close();
}
