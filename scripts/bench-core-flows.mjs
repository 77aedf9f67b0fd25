// The pipeline's core flows of a semester, the figures the polars peer
// (bench-polars.mjs) must give: activations and cessations by province and citizenship
// group, co_flussi_contratto summed over the contract groups. Prints one JSON line:
// { semestre, flows: [{ semestre, provincia, gruppo_cittadinanza, misura, n }] } (zeros left out).
//
// node scripts/bench-core-flows.mjs DB SEMESTER|latest
import pino from 'pino';
import { openPipelineDb } from '../dist/commands/support/openPipelineDb.js';
import { latestCoveredSemester } from '../dist/marts/report/semesters.js';
import { orimTable, parseSemester } from '../dist/marts/orimTables.js';

const [dbPath, which] = process.argv.slice(2);
const db = await openPipelineDb(dbPath);
try {
  const semester = which === 'latest' ? await latestCoveredSemester(db) : parseSemester(which);
  const rows = await orimTable(db, 'co_flussi_contratto', semester, pino({ level: 'silent' }));
  const sums = new Map();
  for (const r of rows)
    for (const misura of ['attivazioni', 'cessazioni']) {
      const key = JSON.stringify([r.provincia, r.gruppo_cittadinanza, misura]);
      sums.set(key, (sums.get(key) ?? 0) + Number(r[misura]));
    }
  const flows = [...sums]
    .filter(([, n]) => n > 0)
    .map(([key, n]) => {
      const [provincia, gruppo_cittadinanza, misura] = JSON.parse(key);
      return { semestre: semester.semestre, provincia, gruppo_cittadinanza, misura, n };
    });
  console.log(JSON.stringify({ semestre: semester.semestre, flows }));
} finally {
  db.close();
}
