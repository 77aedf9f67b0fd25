import type { Database } from '../db/Database.js';
import type { Logger } from '../logger.js';
import { ALL_DATA, runModels } from './runModels.js';

/** What the built tables were made from: the loaded batches and the reference tables. */
async function dataFingerprint(db: Database): Promise<string> {
  const row = await db.one<{ f: string }>(`
    SELECT (SELECT coalesce(string_agg(batch_id::VARCHAR, ',' ORDER BY batch_id), '') FROM batches WHERE status = 'loaded')
           || '|' || coalesce((SELECT value FROM meta WHERE key = 'reference_fingerprint'), '') AS f`);
  return row?.f ?? '';
}

/**
 * Builds the models over all the data when the data changed since the last build
 * (or always with force). Returns the rows per model, or undefined when up to date.
 */
export async function ensureBuilt(db: Database, logger: Logger, force = false): Promise<Record<string, number> | undefined> {
  const fingerprint = await dataFingerprint(db);
  const built = await db.one<{ value: string }>("SELECT value FROM meta WHERE key = 'build_fingerprint'");
  if (!force && built?.value === fingerprint) {
    logger.info('models up to date: no data loaded since the last build');
    return undefined;
  }
  const rows = await runModels(db, { target: 'main', asOf: ALL_DATA, logger });
  await db.run("INSERT OR REPLACE INTO meta VALUES ('build_fingerprint', $f)", { f: fingerprint });
  return rows;
}
