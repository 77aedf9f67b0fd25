import { openDatabase } from '../dist/db/openDatabase.js';
import { orimTableDefinitions, orimTableQuery, parseSemester } from '../dist/reports/orimTables.js';
import { readOrimHypercube } from '../dist/reports/orimHypercubes.js';
import { addHypercube } from '../dist/reports/disclosure/hypercube.js';
import { DisclosureSystem } from '../dist/reports/disclosure/linkedCells.js';
import { blocksOf } from '../dist/reports/disclosure/blocks.js';
import { decidePublication } from '../dist/reports/disclosure/decidePublication.js';
import pino from 'pino';
const dbPath = process.argv[2]; const sem = parseSemester(process.argv[3] ?? '2025-H1');
const db = await openDatabase(dbPath);
const logger = pino({ level: 'warn' });
const cubes = [];
for (const t of orimTableDefinitions) {
  if (!t.disclosure || t.published === false) continue;
  const { sql, params } = await orimTableQuery(db, t, sem, logger);
  await db.run(`CREATE OR REPLACE TEMP TABLE "p_${t.name}" AS ${sql}`, params);
  cubes.push((await readOrimHypercube(db, t, `p_${t.name}`)).cube);
}
const s = new DisclosureSystem();
for (const c of cubes) addHypercube(s, c, 5);
const b = blocksOf(s);
console.log('cells', s.cells.size, 'relations', s.relations.length, 'withheld', s.suppressedKeys().length, 'blocks', b.length, 'largest', Math.max(...b.map((x) => x.keys.length)));
if (process.argv[4] === 'run') {
  const t0 = performance.now();
  const d = decidePublication(cubes, 5);
  console.log(d.audit, d.primary, d.secondary, ((performance.now() - t0) / 1000).toFixed(1));
  let cells = 0, hid = 0;
  d.withheld.forEach((rows) => rows.forEach((r) => r.forEach((h) => { cells++; if (h) hid++; })));
  console.log('body cells', cells, 'withheld', hid, (100 * hid / cells).toFixed(1) + '%');
}
db.close?.();
