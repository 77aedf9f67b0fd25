import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/openDatabase.js';
import { createLogger } from '../src/logger.js';
import { decidePublication } from '../src/reports/disclosure/decidePublication.js';
import { readOrimHypercubes } from '../src/reports/orimHypercubes.js';
import { parseSemester } from '../src/reports/orimTables.js';
import { lpBoundsByParts, readerOfHypercubes } from './disclosureAttack.js';

/**
 * The ORIM tables of a real-sized database attacked by the independent solver: set
 * CO_ATTACK_DB to a database (e.g. the one `npm run bench -- --keep` leaves) and run
 *   CO_ATTACK_DB=DB npx vitest run tests/attack-database.test.ts
 * It is skipped otherwise (the bench data are not in the repository, and on them the
 * attacker's solver takes minutes). A province edition publishes the region's rows of
 * its province (tests/orim-files.test.ts), so the region's tables are all an attacker
 * of every edition has.
 */
const dbPath = process.env.CO_ATTACK_DB;

describe.runIf(dbPath)('the ORIM tables of a database, attacked by an independent LP solver', () => {
  it('leaves no withheld figure with an interval narrower than the threshold', async () => {
    const db = await openDatabase(dbPath!);
    try {
      const cubes = await readOrimHypercubes(db, parseSemester(process.env.CO_ATTACK_SEMESTER ?? '2025-H1'), createLogger({ level: 'warn' }), 'attack_');
      const decision = decidePublication(cubes, 5);
      const { figures, relations } = readerOfHypercubes(cubes, decision.withheld, decision.figures);
      const bounds = lpBoundsByParts(figures, relations);
      expect(bounds.size).toBe(decision.primary + decision.secondary);
      const narrow = [...bounds].filter(([, b]) => b.hi - b.lo < 5).map(([k, b]) => `${k} ${figures.get(k)!.value} in [${b.lo}, ${b.hi}]`);
      expect(narrow).toEqual([]);
    } finally {
      db.close();
    }
  }, 3_600_000);
});
