import { readdirSync, readFileSync } from 'node:fs';
import type { Database } from '../db/Database.js';
import { type DataTest, runDataTests, splitDataTests } from '../db/dataTests.js';
import { fillTemplate, readScript, runScript } from '../db/runScript.js';
import type { Logger } from '../runtime/logger.js';
import { silentProgress, withProgress } from '../runtime/progress.js';

const modelsDir = new URL('./models/', import.meta.url);
const versionsDir = new URL('./versions/', import.meta.url);
const macros = readScript(new URL('./macros.sql', import.meta.url));

export interface Model {
  name: string;
  /** The file it is read from, which names it in errors. */
  file: string;
  sql: string;
  tests: DataTest[];
}

const readModels = (dir: URL, folder: string): Model[] =>
  readdirSync(dir)
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .sort()
    .map((file) => ({
      name: file.replace(/^\d+_|\.sql$/g, ''),
      file: `${folder}/${file}`,
      ...splitDataTests(readFileSync(new URL(file, dir), 'utf8')),
    }));

/**
 * The models in their declared order (the number that starts each file name): the
 * versions kept over all the data (versions/, built by `build` into main), then the
 * state on a date, a filter of those versions (models/, into main for all the data
 * or into pit for a point in time).
 */
export function loadModels(target: 'main' | 'pit' = 'main'): Model[] {
  const state = readModels(modelsDir, 'models');
  return target === 'main' ? [...readModels(versionsDir, 'versions'), ...state] : state;
}

/** No cut-off: every communication loaded (semester statistics use late ones too). */
export const ALL_DATA = '9999-12-31';

export interface RunOptions {
  /** main: the pipeline database (build); pit: an in-memory catalog for a point-in-time state. */
  target: 'main' | 'pit';
  /** The state on this day: only communications with data_invio on or before it. */
  asOf: string;
  logger: Logger;
}

/**
 * Runs every model in order, each followed by its data tests (queries returning
 * failing rows). A failing test stops the run with the model, the test and sample
 * rows. Into main, the whole run is one transaction: tables are replaced together
 * or not at all.
 */
/** The transform macros (citizenship group on a date, placeholder dates) on this connection. */
export const loadTransformMacros = (db: Database) => runScript(db, macros);

export async function runModels(db: Database, options: RunOptions): Promise<Record<string, number>> {
  await loadTransformMacros(db);
  if (options.target === 'pit') {
    const attached = await db.one("SELECT 1 FROM duckdb_databases() WHERE database_name = 'pit'");
    if (!attached) await db.run("ATTACH ':memory:' AS pit");
  }
  const params = { as_of: options.asOf };
  const rows: Record<string, number> = {};
  const models = loadModels(options.target);
  const bar =
    db.progressBar?.(options.target === 'main' ? 'models (all the data)' : `models as known on ${options.asOf}`) ??
    silentProgress;
  const work = async () => {
    for (const [i, model] of models.entries()) {
      const started = performance.now();
      const slots = { target: options.target };
      bar.update(i / models.length, model.name);
      await withProgress(
        db,
        bar,
        () => runScript(db, { name: model.file, sql: fillTemplate(model.sql, slots) }, params),
        { fraction: (f) => (i + f) / models.length, detail: model.name },
      );
      await runDataTests(
        db,
        `model ${model.name} (${model.file})`,
        model.tests,
        slots,
        'The tables were left as they were; the data (or a model) needs a look.',
        params,
      );
      const count = await db.one<{ n: string }>(`SELECT count(*)::VARCHAR AS n FROM ${options.target}.${model.name}`);
      rows[model.name] = Number(count?.n ?? 0);
      options.logger.debug(
        {
          model: model.name,
          target: options.target,
          as_of: options.asOf,
          rows: rows[model.name],
          ms: Math.round(performance.now() - started),
        },
        'model built',
      );
    }
  };
  try {
    if (options.target === 'main') await db.transaction(work);
    else await work();
  } finally {
    bar.done();
  }
  return rows;
}
