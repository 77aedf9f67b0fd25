import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/openDatabase.js';
import { createLogger } from '../src/runtime/logger.js';
import { decidePublication } from '../src/disclosure/decidePublication.js';
import { basinCells } from '../src/marts/crisis/basinCells.js';
import { basinHypercubes } from '../src/disclosure/basinDecision.js';
import { readOrimHypercubes } from '../src/disclosure/orimHypercubes.js';
import { parseSemester, reportFlagOptions } from '../src/marts/orimTables.js';
import type { Hypercube } from '../src/disclosure/hypercube.js';
import { lpBoundsByParts, readerOfHypercubes } from './disclosureAttack.js';

/**
 * The ORIM tables and the crisis basins of the semester's last day of a real-sized
 * database attacked by the independent solver: set
 * CO_ATTACK_DB to a database (e.g. the one `npm run bench -- --keep` leaves) and run
 *   CO_ATTACK_DB=DB npx vitest run tests/attack-database.test.ts
 * It is skipped otherwise (the bench data are not in the repository, and on them the
 * attacker's solver takes minutes). A province edition publishes the region's rows of
 * its province (tests/orim-files.test.ts), so the region's tables are all an attacker
 * of every edition has.
 */
const dbPath = process.env.CO_ATTACK_DB;

describe.runIf(dbPath)('the ORIM tables of a database, attacked by an independent LP solver', () => {
  const semester = parseSemester(process.env.CO_ATTACK_SEMESTER ?? '2025-H1');
  const attack = (cubes: Hypercube[]) => {
    const decision = decidePublication(cubes, 5);
    const { figures, relations } = readerOfHypercubes(cubes, decision.withheld, decision.figures);
    const bounds = lpBoundsByParts(figures, relations, 5);
    expect(bounds.size).toBe(decision.primary + decision.secondary);
    return [...bounds]
      .filter(([, b]) => b.hi - b.lo < 5)
      .map(([k, b]) => `${k} ${figures.get(k)!.value} in [${b.lo}, ${b.hi}]`);
  };

  it('leaves no withheld figure of the ORIM tables with an interval narrower than the threshold', async () => {
    const db = await openDatabase(dbPath!);
    try {
      expect(attack(await readOrimHypercubes(db, semester, createLogger({ level: 'warn' }), 'attack_'))).toEqual([]);
    } finally {
      db.close();
    }
  }, 3_600_000);

  it("nor of the crisis basins of the semester's last day (every country, not only the ten a file names)", async () => {
    const db = await openDatabase(dbPath!);
    try {
      const cells = await basinCells(
        db,
        {
          asOf: semester.fine,
          lookbackMonths: reportFlagOptions.lookback_months,
          logger: createLogger({ level: 'warn' }),
        },
        'attack',
      );
      expect(attack(basinHypercubes(cells, semester.fine))).toEqual([]);
    } finally {
      db.close();
    }
  }, 3_600_000);
});
