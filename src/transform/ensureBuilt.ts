import type { Database } from '../db/Database.js';
import type { Logger } from '../runtime/logger.js';
import { createHash } from 'node:crypto';
import { ALL_DATA, loadModels, runModels } from './runModels.js';

/**
 * The models' SQL: a database built by an earlier version of the models (a column
 * added, a rule changed) is rebuilt, not read with tables the queries no longer match.
 */
const modelsFingerprint = createHash('sha256')
  .update(
    loadModels('main')
      .map((m) => m.sql)
      .join('\n'),
  )
  .digest('hex')
  .slice(0, 16);

/** The reference tables and the models: a build from other ones cannot be added to. */
async function basis(db: Database): Promise<string> {
  const row = await db.one<{ f: string }>(
    "SELECT coalesce((SELECT value FROM meta WHERE key = 'reference_fingerprint'), '') AS f",
  );
  return `${row?.f ?? ''}|models:${modelsFingerprint}`;
}

/** What the built tables were made from: the loaded batches, the reference tables and the models. */
async function dataFingerprint(db: Database): Promise<string> {
  const row = await db.one<{ f: string }>(`
    SELECT coalesce(string_agg(batch_id::VARCHAR, ',' ORDER BY batch_id), '') AS f FROM batches WHERE status = 'loaded'`);
  return `${row?.f ?? ''}|${await basis(db)}`;
}

/**
 * Whether the tables can be brought up to date for the new batches only: they were
 * built from the same reference tables and models, and every batch they were built
 * from is still loaded. Otherwise (a first build, new models or reference tables)
 * everything is rebuilt.
 */
async function canAddBatches(db: Database): Promise<boolean> {
  const built = await db.one<{ value: string }>("SELECT value FROM meta WHERE key = 'build_basis'");
  if (built?.value !== (await basis(db))) return false;
  const gone = await db
    .one<{ n: number }>(`
      SELECT count(*)::INTEGER AS n FROM main.batches_costruiti
      WHERE batch_id NOT IN (SELECT batch_id FROM batches WHERE status = 'loaded')`)
    .catch(() => undefined);
  return gone?.n === 0;
}

/**
 * Builds the models when the data changed since the last build: for the batches
 * loaded since, when the tables can be added to (the chains, rapporti and workers
 * those batches touch are recomputed, the rest kept), else over all the data (always
 * with force). Returns the rows per model, or undefined when up to date.
 */
export async function ensureBuilt(
  db: Database,
  logger: Logger,
  force = false,
): Promise<Record<string, number> | undefined> {
  const fingerprint = await dataFingerprint(db);
  const built = await db.one<{ value: string }>("SELECT value FROM meta WHERE key = 'build_fingerprint'");
  if (!force && built?.value === fingerprint) {
    logger.debug('models up to date: no data loaded since the last build');
    return undefined;
  }
  const scope = !force && (await canAddBatches(db)) ? 'changed' : 'all';
  const started = performance.now();
  const finish = async () => {
    await db.run("INSERT OR REPLACE INTO meta VALUES ('build_fingerprint', $f)", { f: fingerprint });
    await db.run("INSERT OR REPLACE INTO meta VALUES ('build_basis', $b)", { b: await basis(db) });
    await db.run(
      "CREATE OR REPLACE TABLE main.batches_costruiti AS SELECT batch_id FROM batches WHERE status = 'loaded'",
    );
  };
  const rows = await runModels(db, { target: 'main', asOf: ALL_DATA, logger, scope, finish });
  logger.info(
    { scope: scope === 'changed' ? 'new batches' : 'all the data', ms: Math.round(performance.now() - started) },
    'models built',
  );
  return rows;
}

/**
 * The state as known on a date (pit): views over the versions that `build` keeps
 * (built first if the data changed since), filtered on that date. They show the
 * date set last on the connection, so each command sets its date before it reads.
 */
export async function ensurePointInTime(db: Database, asOf: string, logger: Logger): Promise<void> {
  await ensureBuilt(db, logger);
  await runModels(db, { target: 'pit', asOf, logger });
}
